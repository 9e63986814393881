using Marketplace.Api.Composition;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Marketplace.Projections.Applications;
using Marketplace.Domain.Postings;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using Wolverine;
using Wolverine.Runtime;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>
/// Commands waiting together commit in one transaction (docs/adr/0036); a group that cannot commit leaves each command to
/// run alone, so one command's failure fails no other. A committer of the test's own, started once the commands wait,
/// makes the groups certain; PostgreSQL's xmin tells which rows one transaction wrote.
/// </summary>
public class group_commit(AppFixture app)
{
    private const string Update = "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { version } } }";

    [Fact]
    public async Task commands_waiting_together_commit_in_one_transaction()
    {
        var company = await app.RegisterCompany();
        var committer = Committer();
        var drafts = Enumerable.Range(0, 8).Select(i => Draft(company.Id, $"Grouped {i}")).ToList();

        var sent = drafts.Select(d => Send(committer, d)).ToList();
        await WhileWaiting(committer, drafts.Count);
        await committer.StartAsync(CancellationToken.None);
        await Task.WhenAll(sent);

        (await TransactionsOf(drafts.Select(d => d.PostingId))).ShouldBe(1);
        await using var session = app.Store.QuerySession();
        foreach (var draft in drafts)
            (await session.LoadAsync<Marketplace.Projections.Postings.PostingView>(draft.PostingId))!.Title.ShouldBe(draft.Details.Title);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task a_group_that_cannot_commit_leaves_each_command_to_its_own_answer()
    {
        var company = await app.RegisterCompany();
        var taken = Draft(company.Id, "Already here");
        await Bus().InvokeAsync(taken);
        var committer = Committer();
        var drafts = Enumerable.Range(0, 4).Select(i => Draft(company.Id, $"Fine {i}")).ToList();
        // Decided without a read, so only the commit finds that the stream exists: the whole group's commit fails.
        var collision = Draft(company.Id, "Collides") with { PostingId = taken.PostingId };

        var sent = drafts.Select(d => Send(committer, d)).ToList();
        var collided = Send(committer, collision);
        await WhileWaiting(committer, drafts.Count + 1);
        await committer.StartAsync(CancellationToken.None);

        await Task.WhenAll(sent);
        await Should.ThrowAsync<Exception>(collided);
        // Each of the others committed alone, in a transaction of its own.
        (await TransactionsOf(drafts.Select(d => d.PostingId))).ShouldBe(drafts.Count);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(taken.PostingId)).Count.ShouldBe(1);
        (await session.LoadAsync<Marketplace.Projections.Postings.PostingView>(taken.PostingId))!.Title.ShouldBe("Already here");
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task an_application_waiting_while_its_posting_closes_does_not_commit_onto_the_closed_posting()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var candidate = await app.RegisterCandidate();
        var committer = Committer();
        var apply = new ApplyToPosting(posting, candidate.Id, "Hello", []);

        var sent = committer.Send(apply, committer.DeciderFor(apply)!, claim: null,
            async () => await Bus().InvokeAsync<ApplicationAccepted>(apply), CancellationToken.None);
        await WhileWaiting(committer, 1);
        (await app.Lifecycle("closePosting", company.Token, new { postingId = posting, reason = "CANCELLED" })).Errors.ShouldBeEmpty();
        await committer.StartAsync(CancellationToken.None);

        // Decided on the open posting; the commit finds it closed, so the command runs alone and is refused.
        await Should.ThrowAsync<RuleViolation>(sent);
        await using var session = app.Store.QuerySession();
        (await session.Query<ApplicationView>().CountAsync(a => a.PostingId == posting)).ShouldBe(0);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task concurrent_updates_of_one_profile_through_the_api_are_all_kept()
    {
        var candidate = await app.RegisterCandidate();
        var headlines = Enumerable.Range(0, 24).Select(i => $"Headline {i}").ToList();

        var answers = await Task.WhenAll(headlines.Select(h => app.Host.GraphQL(Update, new { input = new { headline = h } }, candidate.Token)));

        answers.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", answers.Select(a => a.Body).Distinct()));
        await using var session = app.Store.QuerySession();
        var kept = (await session.Events.FetchStreamAsync(candidate.Id)).Select(e => e.Data).OfType<CandidateProfileUpdated>()
            .Select(u => u.Profile.Headline).ToList();
        kept.Order().ShouldBe(headlines.Order());
    }

    [Fact]
    public async Task a_stale_expected_version_is_still_a_conflict_that_changes_nothing()
    {
        var candidate = await app.RegisterCandidate();
        (await app.Host.GraphQL(Update, new { input = new { headline = "First", expectedVersion = 1 } }, candidate.Token)).Errors.ShouldBeEmpty();

        var stale = await app.Host.GraphQL(Update, new { input = new { headline = "Second", expectedVersion = 1 } }, candidate.Token);

        stale.ErrorCode.ShouldBe("CONFLICT");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(candidate.Id)).Count.ShouldBe(2);
    }

    private GroupCommit Committer() => new(app.Store, app.Host.Services.GetRequiredService<IWolverineRuntime>(),
        new GroupCommitOptions { Committers = 1, Deciders = GroupedCommands.Deciders }, TimeProvider.System, NullLogger<GroupCommit>.Instance);

    private Task<object?> Send(GroupCommit committer, DraftPosting draft) =>
        committer.Send(draft, committer.DeciderFor(draft)!, claim: null,
            async () => { await Bus().InvokeAsync(draft); return null; }, CancellationToken.None);

    private IMessageBus Bus() => app.Host.Services.CreateScope().ServiceProvider.GetRequiredService<IMessageBus>();

    private static async Task WhileWaiting(GroupCommit committer, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (committer.Queued < count && DateTime.UtcNow < deadline) await Task.Delay(10);
        committer.Queued.ShouldBe(count);
    }

    private static DraftPosting Draft(Guid company, string title)
    {
        var id = Guid.CreateVersion7();
        return new DraftPosting(id, company, new PostingDetails(title, "Backend Engineer", Seniority.Senior, ["microservices"], null,
            RemotePolicy.Remote, null, "Build and run event-driven services.", 1, false));
    }

    /// <summary>How many transactions wrote these streams' rows.</summary>
    private async Task<long> TransactionsOf(IEnumerable<Guid> streams)
    {
        await using var db = new NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("select count(distinct xmin::text) from mt_streams where id = any(@ids)", db);
        count.Parameters.AddWithValue("ids", streams.ToArray());
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
