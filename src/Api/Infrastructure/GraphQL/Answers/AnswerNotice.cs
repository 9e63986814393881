namespace Marketplace.Api.Infrastructure.GraphQL.Answers;

/// <summary>
/// The answer cache's notices between nodes, on the live notices' channel (docs/adr/0027): "~", the sending node's
/// origin, then a posting's or challenge's id, "c" for a company or "*" for everything. Live notices never start with "~".
/// A node skips its own: it applied them at the commit, and applying them again would drop answers read since.
/// </summary>
public static class AnswerNotice
{
    private const string Prefix = "~";
    private const int OriginLength = 8;

    public static string Changed(AnswerCache cache, Guid id) => Of(cache, id.ToString("N"));

    public static string CompanyChanged(AnswerCache cache) => Of(cache, "c");

    public static string ChangedEverything(AnswerCache cache) => Of(cache, "*");

    /// <summary>Applies another node's notice to this node's cache; false when the payload is not the cache's.</summary>
    public static bool Apply(string payload, AnswerCache cache)
    {
        if (!payload.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var body = payload.AsSpan(Prefix.Length);
        if (body.Length >= OriginLength && body[..OriginLength].SequenceEqual(cache.Origin)) return true;
        var what = body.Length >= OriginLength ? body[OriginLength..] : [];
        if (Guid.TryParseExact(what, "N", out var id)) cache.Changed(id);
        else if (what.SequenceEqual("c")) cache.CompanyChanged();
        else cache.ChangedEverything();
        return true;
    }

    private static string Of(AnswerCache cache, string what) => Prefix + cache.Origin + what;
}
