using GraphQL;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>
/// What a query may ask for before it runs, counted as GitHub's node limit and Shopify's query cost do: every object
/// selected costs one for each time it will be resolved (a scalar field costs nothing), and a connection resolves what
/// it selects once per item of the page it asks for (<c>first</c> or <c>last</c>, <see cref="Paging.DefaultPageSize"/> when omitted). So a hundred
/// aliases of <c>postings(first: 100)</c> cost a hundred times a hundred postings, and are refused with the cost and
/// the limit in the message, before anything is read.
/// </summary>
public static class QueryCost
{
    public const int Limit = 10_000;
    public const int MaxDepth = 15;

    /// <summary>A list that is not a page (a rubric's criteria, a posting's skills): this many items, on average.</summary>
    public const int ListItems = 5;

    public static void Configure(ComplexityOptions options)
    {
        options.MaxDepth = MaxDepth;
        // The limit is checked below, so that the refusal can say what the query cost.
        options.MaxComplexity = null;
        options.DefaultListImpactMultiplier = ListItems;
        options.DefaultScalarImpact = 0;
        options.DefaultComplexityImpactDelegate = Of;
        options.ValidateComplexityDelegate = context =>
        {
            if (context.TotalImpact <= Limit) return Task.CompletedTask;
            var error = new ComplexityError(
                $"This query costs {context.TotalImpact:N0}; the limit is {Limit:N0}. Each object counts once for every time it is " +
                $"resolved, and a connection's page (first or last, {Paging.DefaultPageSize} when omitted) multiplies what it " +
                "selects: ask for smaller pages, fewer fields or fewer aliases.");
            error.Extensions = new Dictionary<string, object?> { ["cost"] = (int)Math.Ceiling(context.TotalImpact), ["limit"] = Limit };
            context.Error = error;
            return Task.CompletedTask;
        };
    }

    /// <summary>One for an object, none for a scalar; its selection counts once per page item for a connection, per list item for a list.</summary>
    public static FieldComplexityResult Of(FieldImpactContext context)
    {
        if (Paged(context.FieldDefinition)) return new(1, PageOf(context));
        if (IsLeaf(context.FieldDefinition.ResolvedType)) return new(0, 1);
        if (!IsList(context.FieldDefinition.ResolvedType)) return new(1, 1);
        // The edges of a connection are its page, which the connection counted already.
        return new(1, context.Parent is { } parent && Paged(parent.FieldDefinition) ? 1 : ListItems);
    }

    private static bool Paged(FieldType field) => field.Arguments?.Find("first") is not null || field.Arguments?.Find("last") is not null;

    private static double PageOf(FieldImpactContext context)
    {
        var size = context.GetArgument<int?>("first", null) ?? context.GetArgument<int?>("last", null) ?? Paging.DefaultPageSize;
        // Larger pages are refused when the field runs (VALIDATION_FAILED); here they cost what they could return.
        return Math.Clamp(size, 1, Paging.MaxPageSize);
    }

    private static bool IsLeaf(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => IsLeaf(nonNull.ResolvedType),
        ListGraphType list => IsLeaf(list.ResolvedType),
        ScalarGraphType or EnumerationGraphType => true,
        _ => false,
    };

    private static bool IsList(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => IsList(nonNull.ResolvedType),
        ListGraphType => true,
        _ => false,
    };
}
