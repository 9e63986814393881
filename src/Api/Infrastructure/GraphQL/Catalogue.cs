using System.Collections.Frozen;
using System.Diagnostics;
using GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Answers;
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
        var unknown = await context.Service<KnownSkills>().FirstUnknown(context.Service<IQuerySession>(), slugs, context.CancellationToken);
        if (unknown is not null) throw new ValidationFailed(field, $"'{unknown}' is not a skill in the catalogue.");
    }
}

/// <summary>
/// The catalogue's slugs this node has found, so that a command naming skills (a posting, a challenge, a profile) is
/// checked without a round trip of its own (docs/performance.md, round 23). Only slugs found are
/// kept, and only while the answer cache can hear every change (docs/adr/0032): a commit that touches a skill, on this
/// node or another, moves its epoch, and the set read before it is dropped; so is a set older than the cache's entries
/// may be. A slug not kept is always looked up, so a skill added is accepted at once.
/// </summary>
public sealed class KnownSkills(AnswerCache answers)
{
    private Known known = new(-1, 0, FrozenSet<string>.Empty);

    /// <summary>The first slug, in the order given, that is not in the catalogue; null when all are.</summary>
    public async Task<string?> FirstUnknown(IQuerySession session, IReadOnlyCollection<string> slugs, CancellationToken cancellation)
    {
        var kept = Current();
        var missing = slugs.Where(slug => !kept.Contains(slug)).Distinct().ToArray();
        if (missing.Length == 0) return null;
        // Taken before the read: a change committed while it runs moves the epoch, and what it found is not kept.
        var epoch = answers.Epoch;
        var found = (await session.LoadManyAsync<Skill>(cancellation, missing)).Select(skill => skill.Id).ToArray();
        if (answers.Active && found.Length > 0) Keep(epoch, found);
        return missing.Except(found).FirstOrDefault();
    }

    private FrozenSet<string> Current()
    {
        var current = Volatile.Read(ref known);
        return answers.Active && current.Epoch == answers.Epoch && Stopwatch.GetElapsedTime(current.Since) <= answers.MaxAge
            ? current.Slugs
            : FrozenSet<string>.Empty;
    }

    private void Keep(long epoch, string[] slugs)
    {
        while (true)
        {
            var current = Volatile.Read(ref known);
            var next = current.Epoch == epoch && Stopwatch.GetElapsedTime(current.Since) <= answers.MaxAge
                ? current with { Slugs = current.Slugs.Union(slugs).ToFrozenSet() }
                : new Known(epoch, Stopwatch.GetTimestamp(), slugs.ToFrozenSet());
            if (epoch != answers.Epoch || Interlocked.CompareExchange(ref known, next, current) == current) return;
        }
    }

    private sealed record Known(long Epoch, long Since, FrozenSet<string> Slugs);
}
