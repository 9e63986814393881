using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marketplace.Api.Live;
using Marketplace.Domain.Skills;
using Marten;
using Marten.Services;

namespace Marketplace.Api.Composition;

/// <summary>
/// Every commit's changes to what public answers hold (docs/adr/0032), told to this node's answer cache before the commit's
/// caller is answered, and to the other nodes' through the live notices' channel (docs/adr/0027). A posting's or a
/// challenge's events change it and every list; a company's, every answer showing a company and every list; the skill
/// catalogue or an event of a kind not named here, everything. Applications, submissions, candidates and invitations
/// show in no public answer.
/// </summary>
public sealed class AnswerChanges(AnswerCache cache, LiveNotifier notifier) : DocumentSessionListenerBase
{
    private const string Postings = "Marketplace.Domain.Postings";
    private const string Challenges = "Marketplace.Domain.Challenges";
    private const string Companies = "Marketplace.Domain.Companies";

    private static readonly string[] Unseen = new[] { "Applications", "Submissions", "Candidates", "Invitations" }
        .Select(area => $"Marketplace.Domain.{area}").ToArray();

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var (ids, companies, everything) = Changes(commit);
        if (everything)
        {
            Tell(AnswerNotice.ChangedEverything(cache), cache.ChangedEverything);
            return Task.CompletedTask;
        }
        if (companies) Tell(AnswerNotice.CompanyChanged(cache), cache.CompanyChanged);
        foreach (var id in ids) Tell(AnswerNotice.Changed(cache, id), () => cache.Changed(id));
        return Task.CompletedTask;
    }

    private void Tell(string notice, Action here)
    {
        here();
        notifier.Send(notice);
    }

    private static (HashSet<Guid> Ids, bool Companies, bool Everything) Changes(IChangeSet commit)
    {
        var (ids, companies, everything) = (new HashSet<Guid>(), false, false);
        foreach (var e in commit.GetEvents())
        {
            var area = e.Data.GetType().Namespace ?? "";
            if (Unseen.Any(unseen => In(area, unseen))) continue;
            if ((In(area, Postings) || In(area, Challenges)) && e.StreamId != Guid.Empty) ids.Add(e.StreamId);
            else if (In(area, Companies)) companies = true;
            else everything = true;
        }
        if (commit.Inserted.Concat(commit.Updated).Any(document => document is Skill)
            || commit.Deleted.Any(deletion => deletion.DocumentType == typeof(Skill)))
            everything = true;
        return (ids, companies, everything);
    }

    private static bool In(string area, string root) => area == root || area.StartsWith(root + ".", StringComparison.Ordinal);
}

public sealed class AnswerChangesRegistration(AnswerCache cache, LiveNotifier notifier) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new AnswerChanges(cache, notifier));
}
