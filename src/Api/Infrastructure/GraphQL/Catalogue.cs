using GraphQL;
using Marketplace.Domain.Common;
using Marketplace.Domain.Skills;
using Marten;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>Inputs that name skills must name skills of the catalogue.</summary>
public static class Catalogue
{
    public static async Task RequireSkills(IResolveFieldContext context, IReadOnlyCollection<string> slugs, string field = "skills")
    {
        if (slugs.Count == 0) return;
        var known = await context.Service<IQuerySession>().LoadManyAsync<Skill>(context.CancellationToken, slugs.Distinct().ToArray());
        var unknown = slugs.Except(known.Select(s => s.Id)).FirstOrDefault();
        if (unknown is not null) throw new ValidationFailed(field, $"'{unknown}' is not a skill in the catalogue.");
    }
}
