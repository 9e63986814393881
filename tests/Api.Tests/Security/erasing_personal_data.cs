using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Security;

public class erasing_personal_data(AppFixture app)
{
    private const string Erase = "mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }";

    /// <summary>Counts the rows of every table in the database whose text contains the needle.</summary>
    private static async Task<Dictionary<string, long>> TablesContaining(string needle)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var found = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table} t where t::text ilike '%' || $1 || '%'", connection);
            count.Parameters.AddWithValue(needle);
            var rows = (long)(await count.ExecuteScalarAsync())!;
            if (rows > 0) found[table] = rows;
        }
        return found;
    }

    [Fact]
    public async Task erasing_removes_name_and_email_from_every_table_and_keeps_the_numbers()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var marker = Guid.NewGuid().ToString("N")[..10];
        var id = Guid.NewGuid();
        var token = app.Token(Roles.Candidate, subject: id);
        var name = $"Erasable Person {marker}";
        var email = $"erasable.{marker}@example.com";
        (await app.Host.GraphQL("mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }",
            new { input = new { displayName = name, email, headline = $"Headline {marker}", discoverable = true } }, token)).Data();
        (await app.Host.GraphQL("mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { candidate { id } } }",
            new { input = new { displayName = name + " Jr" } }, token)).Data();
        var candidate = new TestCandidate(id, token, Marketplace.Domain.Candidates.Handles.For(id));
        var submission = Guid.Parse((await app.Submit(token, challenge, ChallengeScenarios.GoodWork + $"\nWritten by {name}.")).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(submission, token);
        var application = Guid.Parse((await app.Apply(token, posting, $"Hello, I am {name}, reach me at {email}.")).Data("applyToPosting.application.id").GetString()!);
        (await TablesContaining(marker)).ShouldNotBeEmpty("the name is stored before erasure");

        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } }, token)).Data("eraseMyData.erased").GetBoolean().ShouldBeTrue();

        var left = await Eventually.Until(() => TablesContaining(marker), tables => tables.Count == 0);
        left.ShouldBeEmpty("no table may keep the erased name, email or headline, not even in the text they wrote");
        (await TablesContaining(email)).ShouldBeEmpty();

        var board = await Eventually.Until(() => app.Challenge(challenge, extra: "leaderboard { edges { node { handle bestScore } } }"),
            c => c.GetProperty("submissionCount").GetInt32() == 1);
        board.GetProperty("leaderboard").GetProperty("edges").EnumerateArray().Single().GetProperty("node").GetProperty("handle").GetString()
            .ShouldBe(candidate.Handle, "the score stays, under the pseudonym");
        var card = (await app.Application(application, company.Token))!.Value.GetProperty("candidate");
        card.GetProperty("displayName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        card.GetProperty("handle").GetString().ShouldBe(candidate.Handle);
    }

    [Fact]
    public async Task erasure_is_for_a_candidate_who_confirms()
    {
        var candidate = await app.RegisterCandidate();
        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } })).ShouldFailWith("UNAUTHENTICATED");
        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } }, (await app.RegisterCompany()).Token)).ShouldFailWith("FORBIDDEN");
        var unconfirmed = await app.Host.GraphQL(Erase, new { input = new { confirm = false } }, candidate.Token);
        unconfirmed.ShouldFailWith("VALIDATION_FAILED");
        unconfirmed.ErrorExtensions.GetProperty("field").GetString().ShouldBe("confirm");
        (await app.Host.GraphQL("{ me { candidate { id } } }", token: candidate.Token)).Data("me.candidate.id").GetString().ShouldBe(candidate.Id.ToString());
        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } }, app.Token(Roles.Candidate))).ShouldFailWith("NOT_FOUND");
    }
}
