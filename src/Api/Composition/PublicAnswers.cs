using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Marketplace.Api.Infrastructure.GraphQL.Answers;

namespace Marketplace.Api.Composition;

/// <summary>
/// Which answers the answer cache may keep (docs/adr/0032): queries whose every field, fragments included, is on this
/// list. Each is public and read from views committed with their events, so an anonymous caller's answer is everyone's
/// and changes only at a commit the cache hears of. Left out on purpose: the challenge board's figures (an async
/// projection, not a commit), anything contributed by another feature (the pipeline, submissions), `me` and every
/// other root field. A field added to these types is not cached until it is added here.
/// </summary>
public sealed class PublicAnswers : IAnswerPolicy
{
    private static readonly string[] Connection = ["totalCount", "pageInfo", "edges"];

    private static readonly Dictionary<string, HashSet<string>> Fields = new()
    {
        ["Query"] = ["skills", "skill", "postings", "posting", "challenges", "challenge"],
        ["Posting"] = ["id", "version", "company", "title", "role", "seniority", "skills", "location", "remotePolicy", "salary",
            "description", "openings", "blindReview", "status", "closeReason", "publishedAt", "expiresOn"],
        ["SalaryRange"] = ["min", "max", "currency"],
        ["Company"] = ["id", "slug", "name", "website", "awaitingApproval"],
        ["Challenge"] = ["id", "version", "ownerCompany", "skill", "title", "brief", "difficulty", "maxAttempts", "opensAt", "closesAt",
            "rubric", "status"],
        ["Rubric"] = ["version", "criteria"],
        ["Criterion"] = ["key", "description", "weight"],
        ["Skill"] = ["slug", "name", "summary", "whatItIs", "whyItMatters", "careerPaths", "faq", "openPostings", "openPostingCount",
            "openChallenges", "openChallengeCount"],
        ["FaqEntry"] = ["question", "answer"],
        ["PostingConnection"] = [.. Connection],
        ["ChallengeConnection"] = [.. Connection],
        ["PostingEdge"] = ["cursor", "node"],
        ["ChallengeEdge"] = ["cursor", "node"],
        ["PageInfo"] = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"],
    };

    /// <summary>The names this list gives that the schema does not have: a rename must not leave the list behind.</summary>
    public static IEnumerable<string> Unknown(ISchema schema) =>
        Fields.SelectMany(type => schema.AllTypes[type.Key] is IComplexGraphType complex
            ? type.Value.Where(field => complex.GetField(field) is null).Select(field => $"{type.Key}.{field}")
            : [type.Key]);

    /// <summary>What the operation's answer depends on, or null when it may not be cached.</summary>
    public AnswerScope? Scope(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation, Inputs? variables)
    {
        if (operation.Operation != OperationType.Query || operation.Directives is { Count: > 0 }) return null;
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        var reached = new HashSet<string>();
        if (!AllPublic(schema, schema.Query, operation.SelectionSet, fragments, [], reached)) return null;
        var ids = new List<Guid>();
        var lists = false;
        foreach (var root in Roots(operation.SelectionSet, fragments, []))
        {
            // A search with words also ranks by meaning, read from vectors an async projection writes after the commit
            // (ADR 30): no commit tells when its answer changes, so it is not kept.
            if (root.Name.StringValue == "postings" && SearchesText(root, variables)) return null;
            if (root.Name.StringValue is "posting" or "challenge" && IdArgument(root, variables) is { } id) ids.Add(id);
            else if (root.Name.StringValue != "__typename") lists = true;
        }
        return new AnswerScope(ids, lists, reached.Contains("Company"));
    }

    private static bool AllPublic(ISchema schema, IComplexGraphType type, GraphQLSelectionSet? selections,
        Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> visited, HashSet<string> reached)
    {
        if (selections is null) return true;
        foreach (var selection in selections.Selections)
        {
            switch (selection)
            {
                case GraphQLField field when field.Name.StringValue == "__typename":
                    break;
                case GraphQLField field:
                    if (!Fields.TryGetValue(type.Name, out var allowed) || !allowed.Contains(field.Name.StringValue)) return false;
                    if (type.GetField(field.Name.StringValue)?.ResolvedType?.GetNamedType() is not { } named) return false;
                    reached.Add(named.Name);
                    if (field.SelectionSet is not null
                        && (named is not IComplexGraphType inner || !AllPublic(schema, inner, field.SelectionSet, fragments, visited, reached)))
                        return false;
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (!fragments.TryGetValue(name, out var fragment)) return false;
                    if (visited.Add(name) && !AllPublic(schema, Condition(schema, fragment.TypeCondition, type), fragment.SelectionSet, fragments, visited, reached))
                        return false;
                    break;
                case GraphQLInlineFragment inline:
                    if (!AllPublic(schema, Condition(schema, inline.TypeCondition, type), inline.SelectionSet, fragments, visited, reached)) return false;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>A fragment's type; one the schema lacks is checked as an unlisted type, so nothing passes.</summary>
    private static IComplexGraphType Condition(ISchema schema, GraphQLTypeCondition? condition, IComplexGraphType current) =>
        condition is null ? current
            : schema.AllTypes[condition.Type.Name.StringValue] as IComplexGraphType ?? new ObjectGraphType { Name = "?" };

    // A fragment that spreads itself is invalid and never executes; visited once here, it cannot loop.
    private static IEnumerable<GraphQLField> Roots(GraphQLSelectionSet selections, Dictionary<string, GraphQLFragmentDefinition> fragments,
        HashSet<string> visited) =>
        selections.Selections.SelectMany(selection => selection switch
        {
            GraphQLField field => [field],
            GraphQLFragmentSpread spread when visited.Add(spread.FragmentName.Name.StringValue) =>
                Roots(fragments[spread.FragmentName.Name.StringValue].SelectionSet, fragments, visited),
            GraphQLInlineFragment inline => Roots(inline.SelectionSet, fragments, visited),
            _ => [],
        });

    private static bool SearchesText(GraphQLField field, Inputs? variables) =>
        field.Arguments?.FirstOrDefault(a => a.Name.StringValue == "filter")?.Value switch
        {
            null or GraphQLNullValue => false,
            GraphQLObjectValue filter => filter.Fields?.FirstOrDefault(f => f.Name.StringValue == "text")?.Value switch
            {
                null or GraphQLNullValue => false,
                GraphQLStringValue literal => !string.IsNullOrWhiteSpace(literal.Value.ToString()),
                GraphQLVariable variable => !string.IsNullOrWhiteSpace(variables?.GetValueOrDefault(variable.Name.StringValue) as string),
                _ => true,
            },
            GraphQLVariable variable => variables?.GetValueOrDefault(variable.Name.StringValue) switch
            {
                null => false,
                IDictionary<string, object?> given => given.TryGetValue("text", out var text) && !string.IsNullOrWhiteSpace(text as string),
                _ => true,
            },
            _ => true,
        };

    private static Guid? IdArgument(GraphQLField field, Inputs? variables)
    {
        var value = field.Arguments?.FirstOrDefault(a => a.Name.StringValue == "id")?.Value;
        var text = value switch
        {
            GraphQLStringValue literal => literal.Value.ToString(),
            GraphQLVariable variable => variables?.GetValueOrDefault(variable.Name.StringValue) as string,
            _ => null,
        };
        return Guid.TryParse(text, out var id) ? id : null;
    }
}
