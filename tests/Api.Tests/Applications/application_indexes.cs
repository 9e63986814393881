using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using Marketplace.Projections.Applications;
using Marten;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Applications;

/// <summary>
/// The reads of applications and the indexes they take (docs/adr/0034): one index each for a posting's, a candidate's and
/// a company's applications, in the pages' order, and none that only the writes would pay for.
/// </summary>
public class application_indexes(AppFixture app)
{
    private const string Id = "'00000000-0000-0000-0000-000000000001'";

    [Fact]
    public async Task applications_have_an_index_for_each_read_and_no_other()
    {
        await using var db = await Open();
        (await EventStoreChecks.Lines(db, "select indexname from pg_indexes where tablename = 'mt_doc_applicationview' order by 1"))
            .ShouldBe(["ix_applicationview_candidate", "ix_applicationview_company", "ix_applicationview_posting", "pkey_mt_doc_applicationview_id"]);
        (await EventStoreChecks.Lines(db, "select indexname from pg_indexes where tablename = 'mt_doc_applicationtimeline' order by 1"))
            .ShouldBe(["mt_doc_applicationtimeline_idx_company_id", "mt_doc_applicationtimeline_idx_posting_id", "pkey_mt_doc_applicationtimeline_id"]);
    }

    [Theory]
    [InlineData($"d.posting_id = {Id} and d.stage = 'Screening'", "ix_applicationview_posting")]
    [InlineData($"d.posting_id = {Id} and d.status = 'Active' and (d.listed_at, d.id) < (now(), {Id})", "ix_applicationview_posting")]
    [InlineData($"d.candidate_id = {Id}", "ix_applicationview_candidate")]
    [InlineData($"d.company_id = {Id} and (d.listed_at, d.id) < (now(), {Id})", "ix_applicationview_company")]
    public async Task a_page_of_applications_reads_its_index_in_the_page_s_order(string condition, string index)
    {
        await using var db = await Open();
        var plan = await EventStoreChecks.Lines(db,
            $"explain select d.data from mt_doc_applicationview d where true and {condition} order by d.listed_at desc, d.id desc limit 21");
        string.Join("\n", plan).ShouldContain($"Index Scan Backward using {index}");
        plan.ShouldNotContain(line => line.Contains("Sort"), "the index gives the order, so a page reads only its rows");
    }

    [Fact]
    public async Task the_reads_by_linq_take_the_same_indexes()
    {
        await using var session = app.Store.QuerySession();
        var posting = Guid.NewGuid();
        // ClosePostingPipelineHandler, and LiveOperations with the erasure handler.
        var closing = session.Query<ApplicationView>().Where(a => a.PostingId == posting && a.Status == ApplicationStatus.Active).Select(a => a.Id).ToCommand();
        var mine = session.Query<ApplicationView>().Where(a => a.CandidateId == posting).Select(a => a.Id).ToCommand();
        await using var db = await Open();
        string.Join("\n", await EventStoreChecks.Plan(db, closing)).ShouldContain("ix_applicationview_posting");
        string.Join("\n", await EventStoreChecks.Plan(db, mine)).ShouldContain("ix_applicationview_candidate");
    }

    /// <summary>
    /// The tables of a test run are small enough that a sequential scan, or a bitmap scan and a sort, is cheaper: forbid
    /// them, to see whether the index can serve the page in its order (on a large table the planner picks it anyway).
    /// </summary>
    private static async Task<NpgsqlConnection> Open()
    {
        var db = new NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        await using var noScans = new NpgsqlCommand("set enable_seqscan = off; set enable_bitmapscan = off; set enable_sort = off", db);
        await noScans.ExecuteNonQueryAsync();
        return db;
    }
}
