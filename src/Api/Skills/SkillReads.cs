using Marketplace.Domain.Skills;
using Marten;

namespace Marketplace.Api.Skills;

/// <summary>
/// The reads of the skill catalogue and of the open work per skill. The counts are read once per request with one
/// grouped query each, over the indexes declared in <c>Hosting/MarketplaceStore.cs</c>; their text stays the same from
/// call to call, so pooled connections prepare them (docs/adr/0017).
/// </summary>
public sealed class SkillReads(IQuerySession session)
{
    /// <summary>The catalogue in its curated order: a few dozen documents, read whole.</summary>
    public async Task<IReadOnlyList<Skill>> Catalogue(CancellationToken cancellation) =>
        await session.Query<Skill>().OrderBy(x => x.Position).ToListAsync(cancellation);

    private Dictionary<string, int>? _openPostings;

    /// <summary>Open postings per skill: <c>mt_doc_postingview_idx_status</c> picks the open ones.</summary>
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

    /// <summary>Published challenges per skill: <c>mt_doc_challengeview_idx_status</c> picks the published ones.</summary>
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
