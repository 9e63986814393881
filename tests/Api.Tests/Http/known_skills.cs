using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.GraphQL.Answers;
using Marketplace.Api.Tests.Support;
using Marten;
using Marten.Services;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Http;

/// <summary>
/// Commands that name skills check them against the catalogue without a round trip once this node has found them
/// (docs/performance.md, round 23), on the answer cache's terms (docs/adr/0032): a change to the catalogue, or a node
/// that cannot hear the others, means reading again. Counted on the real database, statement by statement.
/// </summary>
public class known_skills(AppFixture app)
{
    [Fact]
    public async Task a_skill_found_once_is_not_read_again_until_the_catalogue_changes()
    {
        var answers = Hearing(new AnswerCache(new AnswerCacheOptions()));
        var known = new KnownSkills(answers);

        (await Check(known, "microservices", "event-sourcing")).ShouldBe((null, 1));
        (await Check(known, "event-sourcing", "microservices")).ShouldBe((null, 0), "both were found: nothing is read");
        (await Check(known, "microservices", "no-such-skill")).ShouldBe(("no-such-skill", 1), "only the slug not kept is read");
        (await Check(known, "no-such-skill")).ShouldBe(("no-such-skill", 1), "a slug not found is read every time");

        answers.ChangedEverything();
        (await Check(known, "microservices")).ShouldBe((null, 1), "a change to the catalogue drops what was found before it");
        (await Check(known, "microservices")).ShouldBe((null, 0));
    }

    [Fact]
    public async Task a_node_that_cannot_hear_the_other_nodes_reads_the_catalogue_every_time()
    {
        var deaf = new KnownSkills(new AnswerCache(new AnswerCacheOptions()));
        (await Check(deaf, "microservices")).ShouldBe((null, 1));
        (await Check(deaf, "microservices")).ShouldBe((null, 1));

        var switchedOff = new KnownSkills(Hearing(new AnswerCache(new AnswerCacheOptions { Enabled = false })));
        (await Check(switchedOff, "microservices")).ShouldBe((null, 1));
        (await Check(switchedOff, "microservices")).ShouldBe((null, 1));
    }

    [Fact]
    public async Task what_was_found_is_kept_no_longer_than_an_answer()
    {
        var known = new KnownSkills(Hearing(new AnswerCache(new AnswerCacheOptions { MaxAge = TimeSpan.FromMilliseconds(200) })));
        (await Check(known, "microservices")).ShouldBe((null, 1));
        (await Check(known, "microservices")).ShouldBe((null, 0));
        await Task.Delay(300);
        (await Check(known, "microservices")).ShouldBe((null, 1));
    }

    private static AnswerCache Hearing(AnswerCache cache)
    {
        cache.Hearing(true);
        return cache;
    }

    private async Task<(string? Unknown, int Statements)> Check(KnownSkills known, params string[] slugs)
    {
        var statements = new Statements();
        await using var session = app.Store.QuerySession();
        session.Logger = statements;
        var unknown = await known.FirstUnknown(session, slugs, CancellationToken.None);
        return (unknown, statements.Count);
    }

    private sealed class Statements : IMartenSessionLogger
    {
        public int Count { get; private set; }
        public void OnBeforeExecute(NpgsqlCommand command) => Count++;
        public void OnBeforeExecute(NpgsqlBatch batch) => Count++;
        public void LogSuccess(NpgsqlCommand command) { }
        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogSuccess(NpgsqlBatch batch) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    }
}
