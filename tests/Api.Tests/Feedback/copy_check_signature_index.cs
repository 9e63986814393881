using JasperFx.Events.Daemon;
using Marketplace.Api.Submissions.Feedback;
using Marketplace.Api.Tests.Analytics;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Submissions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using System.Text.Json;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>
/// The copy check finds earlier work through an index of MinHash band keys kept by an inline projection. A rebuild
/// empties that index for a while, which would hide copies from other classes' checks: these run on their own.
/// </summary>
[Collection(nameof(ProjectionRebuildCollection))]
public class copy_check_signature_index(AppFixture app)
{
    private const string Erase = "mutation($input: EraseMyDataInput!) { eraseMyData(input: $input) { erased } }";

    [Fact]
    public async Task a_near_copy_is_flagged_through_the_index_which_holds_one_signature_a_submission_and_is_rebuilt_alike()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var original = await app.RegisterCandidate();
        var other = await app.RegisterCandidate();
        var copier = await app.RegisterCandidate();
        var originalId = await SubmittedAndSettled(original, challenge, ChallengeScenarios.GoodWork);
        var otherId = await SubmittedAndSettled(other, challenge, "A modular monolith with one database, split later if teams grow apart.");

        var copyId = await SubmittedAndSettled(copier, challenge, ChallengeScenarios.GoodWork.Replace("Orders, payments and shipping", "Ordering, payment and shipping"));

        var flagged = await Eventually.Until(() => View(copyId), view => view.Flagged);
        flagged.SimilarTo.ShouldBe(originalId);
        flagged.Similarity!.Value.ShouldBeGreaterThan(0.8);
        (await View(originalId)).Flagged.ShouldBeFalse();
        (await View(otherId)).Flagged.ShouldBeFalse();
        (await TransactionsOf(copyId, "feedback_generated", "submission_flagged")).Distinct().Count()
            .ShouldBe(1, "the review and the copy check are one job, committed together");

        var live = await Signatures(challenge);
        live.Select(s => s.Id).ShouldBe([originalId, otherId, copyId], ignoreOrder: true, "one signature a submission");
        live.ShouldAllBe(s => s.Bands.Length == MinHash.Bands);
        var liveJson = JsonSerializer.Serialize(live);

        await Rebuild();

        JsonSerializer.Serialize(await Signatures(challenge)).ShouldBe(liveJson);
        var afterwards = await SubmittedAndSettled(other, challenge, "A second attempt, written after the index was rebuilt.");
        (await Signatures(challenge)).Select(s => s.Id).ShouldContain(afterwards, "the projection keeps the index after a rebuild");
    }

    [Fact]
    public async Task erased_work_has_no_band_keys_and_a_copy_of_it_is_not_matched_even_after_a_rebuild()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var erased = await app.RegisterCandidate();
        var copier = await app.RegisterCandidate();
        var erasedId = await SubmittedAndSettled(erased, challenge, ChallengeScenarios.GoodWork);
        (await Signatures(challenge)).Single().Bands.ShouldNotBeEmpty();

        (await app.Host.GraphQL(Erase, new { input = new { confirm = true } }, erased.Token)).Data("eraseMyData.erased").GetBoolean().ShouldBeTrue();
        await Eventually.Until(() => Signatures(challenge), signatures => signatures.Single().Bands.Length == 0);

        var copyId = await SubmittedAndSettled(copier, challenge, ChallengeScenarios.GoodWork);
        await app.Deliver(new CheckForCopies(copyId, challenge, copier.Id));
        (await View(copyId)).Flagged.ShouldBeFalse("the erased text is gone, and what stands for it is matched with nothing");

        await Rebuild();

        var rebuilt = await Signatures(challenge);
        rebuilt.Single(s => s.Id == erasedId).Bands.ShouldBeEmpty("the masked event gives the erased text, which is not signed");
        rebuilt.Single(s => s.Id == copyId).Bands.Length.ShouldBe(MinHash.Bands);
    }

    [Fact]
    public async Task the_band_lookup_reads_the_gin_index_on_the_keys()
    {
        var signature = new SubmissionSignature
        {
            Id = Guid.NewGuid(), ChallengeId = Guid.NewGuid(), CandidateId = Guid.NewGuid(), SubmittedAt = DateTimeOffset.UtcNow,
            Bands = MinHash.BandKeys(Guid.NewGuid(), Similarity.Shingles(ChallengeScenarios.GoodWork)),
        };
        await using var session = app.Store.QuerySession();
        var query = CheckForCopiesHandler.EarlierWorkSharingABand(session, signature).ToCommand();
        query.CommandText.ShouldContain("?|");

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        // The tables of a test run are small enough that a sequential scan is cheaper: forbid it, to see the index serve.
        await using (var noScans = new NpgsqlCommand("set enable_seqscan = off", connection)) await noScans.ExecuteNonQueryAsync();
        string.Join('\n', await EventStoreChecks.Plan(connection, query)).ShouldContain("ix_submissionsignature_bands");

        // Without GIN's pending list, which every lookup would scan whole while submissions keep arriving.
        await using var catalogue = new NpgsqlConnection(AppFixture.ConnectionString);
        await catalogue.OpenAsync();
        (await EventStoreChecks.Lines(catalogue, "select array_to_string(reloptions, ',') from pg_class where relname = 'ix_submissionsignature_bands'"))
            .ShouldBe(["fastupdate=off"]);
    }

    /// <summary>The transaction that wrote each of the submission's events of these types.</summary>
    private static async Task<List<string>> TransactionsOf(Guid submission, params string[] types)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var lines = await EventStoreChecks.Lines(connection,
            $"select xmin::text from mt_events where stream_id = '{submission}' and type in ('{string.Join("','", types)}')");
        lines.Count.ShouldBe(types.Length);
        return lines;
    }

    private async Task<Guid> SubmittedAndSettled(TestCandidate candidate, Guid challenge, string content)
    {
        var id = Guid.Parse((await app.Submit(candidate.Token, challenge, content)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(id, candidate.Token);
        return id;
    }

    private async Task<SubmissionView> View(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<SubmissionView>(id))!;
    }

    private async Task<IReadOnlyList<SubmissionSignature>> Signatures(Guid challenge)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<SubmissionSignature>().Where(s => s.ChallengeId == challenge).OrderBy(s => s.Id).ToListAsync();
    }

    private async Task Rebuild()
    {
        var daemon = app.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<SubmissionSignatureProjection>(TimeSpan.FromSeconds(60), CancellationToken.None);
    }
}
