using Marten;

namespace Marketplace.Api.GraphQL.Skills;

/// <summary>Open postings and challenges per skill, each read once per request with one grouped query.</summary>
public sealed class SkillCounts(IQuerySession session)
{
    private Dictionary<string, int>? _openPostings;

    public async Task<int> OpenPostings(string slug, CancellationToken cancellation)
    {
        _openPostings ??= (await session.QueryAsync<SkillCount>(
                "select jsonb_build_object('Slug', s.value, 'Count', count(*)) " +
                "from mt_doc_postingview p, jsonb_array_elements_text(p.data -> 'Skills') s " +
                "where p.status = 'Open' group by s.value", cancellation))
            .ToDictionary(x => x.Slug, x => x.Count);
        return _openPostings.GetValueOrDefault(slug);
    }

    private Dictionary<string, int>? _openChallenges;

    public async Task<int> OpenChallenges(string slug, CancellationToken cancellation)
    {
        _openChallenges ??= (await session.QueryAsync<SkillCount>(
                "select jsonb_build_object('Slug', skill, 'Count', count(*)) from mt_doc_challengeview " +
                "where status = 'Published' group by skill", cancellation))
            .ToDictionary(x => x.Slug, x => x.Count);
        return _openChallenges.GetValueOrDefault(slug);
    }

    private sealed record SkillCount(string Slug, int Count);
}
