using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Postings;
using Marten;
using Shouldly;
using Wolverine;
using Wolverine.Tracking;

namespace Marketplace.Api.Tests.Postings;

public class posting_expiry(AppFixture app)
{
    private async Task<(ITrackedSession Tracked, Guid Id, TestCompany Company)> PublishTracked(DateOnly expiresOn)
    {
        var company = await app.RegisterCompany();
        var id = await app.DraftedPosting(company);
        var tracked = await app.Track()
            .ExecuteAndWaitAsync((IMessageContext bus) => bus.InvokeAsync(new PublishPosting(id, company.Id, null, expiresOn)));
        return (tracked, id, company);
    }

    private async Task<PostingView> View(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<PostingView>(id))!;
    }

    private async Task<int> ClosedEvents(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is PostingClosed);
    }

    [Fact]
    public async Task publishing_schedules_a_durable_expiry_at_the_end_of_the_expiry_date()
    {
        var expiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        var (tracked, id, _) = await PublishTracked(expiresOn);

        var envelope = tracked.Scheduled.Envelopes().Single(e => e.Message is ExpirePosting expire && expire.PostingId == id);
        envelope.ScheduledTime.ShouldBe(new DateTimeOffset(expiresOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

        await using var connection = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select count(*) from wolverine_incoming_envelopes where id = $1 and status = 'Scheduled'", connection);
        command.Parameters.AddWithValue(envelope.Id);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1, "the scheduled expiry is stored with the posting's events");
    }

    [Fact]
    public async Task the_expiry_closes_an_open_posting_exactly_once()
    {
        var (tracked, id, _) = await PublishTracked(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1));

        // Deliver just this posting's scheduled expiry: playing every scheduled message would expire other tests' postings.
        var expiry = tracked.Scheduled.Envelopes().Select(e => e.Message).OfType<ExpirePosting>().Single(m => m.PostingId == id);
        await app.Deliver(expiry);
        var view = await View(id);
        view.Status.ShouldBe(PostingStatus.Closed);
        view.CloseReason.ShouldBe(CloseReason.Expired);

        await app.Deliver(new ExpirePosting(id, 1));
        (await ClosedEvents(id)).ShouldBe(1, "a second delivery of the same expiry changes nothing");
    }

    [Fact]
    public async Task an_expiry_scheduled_before_a_close_and_reopen_does_not_close_the_reopened_posting()
    {
        var (_, id, company) = await PublishTracked(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1));
        (await app.Lifecycle("closePosting", company.Token, new { postingId = id, reason = "CANCELLED" })).Data();
        (await app.Lifecycle("reopenPosting", company.Token, new { postingId = id })).Data();

        await app.Deliver(new ExpirePosting(id, 1));
        (await View(id)).Status.ShouldBe(PostingStatus.Open);

        await app.Deliver(new ExpirePosting(id, 2));
        var view = await View(id);
        view.Status.ShouldBe(PostingStatus.Closed);
        view.CloseReason.ShouldBe(CloseReason.Expired);
    }

    [Fact]
    public async Task an_expiry_of_a_posting_closed_by_its_company_changes_nothing()
    {
        var (_, id, company) = await PublishTracked(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1));
        (await app.Lifecycle("closePosting", company.Token, new { postingId = id, reason = "FILLED" })).Data();

        await app.Deliver(new ExpirePosting(id, 1));

        var view = await View(id);
        view.CloseReason.ShouldBe(CloseReason.Filled);
        (await ClosedEvents(id)).ShouldBe(1);
    }
}
