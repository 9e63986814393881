using Marketplace.Projections.Talent;
using Marten;

namespace Marketplace.Api.Talent;

/// <summary>
/// The talent pool: discoverable candidates ranked by their best challenge score in a skill. The profiles join their
/// candidates on the primary key (<c>pkey_mt_doc_candidateview_id</c>); neither the skill nor discoverability is
/// indexed (<c>Hosting/MarketplaceStore.cs</c> declares nothing for these tables), so both statements scan the talent
/// profiles, one per candidate with a scored submission. The text stays the same from call to call, so pooled
/// connections prepare them (docs/adr/0017).
/// </summary>
public sealed class TalentReads(IQuerySession session)
{
    private const string InPool =
        "from mt_doc_talentprofile t join mt_doc_candidateview v on v.id = t.id " +
        "where v.data ->> 'Discoverable' = 'true' and jsonb_exists(t.data -> 'Best', ?) and (t.data -> 'Best' ->> ?)::int >= ? ";

    public async Task<int> PoolSize(string skill, int minScore, CancellationToken cancellation) =>
        (await session.QueryAsync<int>("select count(*)::int " + InPool, cancellation, skill, skill, minScore)).Single();

    /// <summary>Best score first, ties by candidate id, so a rank cursor stays put.</summary>
    public async Task<IReadOnlyList<TalentProfile>> Pool(string skill, int minScore, int first, int offset, CancellationToken cancellation) =>
        await session.QueryAsync<TalentProfile>(
            "select t.data " + InPool + "order by (t.data -> 'Best' ->> ?)::int desc, t.id limit ? offset ?",
            cancellation, skill, skill, minScore, skill, first, offset);
}
