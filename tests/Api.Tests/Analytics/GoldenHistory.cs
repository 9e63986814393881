using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using Marten;
using Marten.Events;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A hand-built hiring history whose funnel is worked out by hand in the tests. Hours are counted from T0, a Monday
/// 09:00 UTC; the cohort is January 2026.
/// </summary>
public sealed class GoldenHistory(Guid? company = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public Guid Company { get; } = company ?? Guid.NewGuid();
    public Guid Posting { get; } = Guid.NewGuid();
    public Guid SmallPosting { get; } = Guid.NewGuid();

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    /// <summary>A new golden history (of a company of its own unless one is named), once the funnel's projection has caught up with it.</summary>
    public static async Task<GoldenHistory> WrittenTo(AppFixture app, Guid? company = null)
    {
        var history = new GoldenHistory(company);
        await history.Write(app.Store);
        await app.ReadModelsCaughtUp();
        return history;
    }

    public async Task Write(IDocumentStore store)
    {
        await using var session = store.LightweightSession();
        // A1: screening, interview, offer, hired after 144 h.
        App(session, Posting, 0, ApplicationSource.Direct, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(24)),
            new ApplicationAdvanced(a, p, c, Stage.Screening, Stage.Interview, [], null, "m", H(72)),
            new OfferExtended(a, p, c, Stage.Interview, [], null, "m", H(120)),
            new OfferAccepted(a, p, c, Guid.NewGuid(), H(144))]);
        // A2: skips screening, rejected at interview.
        App(session, Posting, 1, ApplicationSource.Direct, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Interview, [Stage.Screening], null, "m", H(49)),
            new ApplicationRejected(a, p, c, Stage.Interview, RejectionReason.SkillsMismatch, null, "m", H(97))]);
        // A3: withdrawn while applied.
        App(session, Posting, 2, ApplicationSource.Direct, (a, p, c) => [new ApplicationWithdrawn(a, p, c, Stage.Applied, null, H(14))]);
        // A4: screening, skips interview to an offer, declines.
        App(session, Posting, 3, ApplicationSource.Direct, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(27)),
            new OfferExtended(a, p, c, Stage.Screening, [Stage.Interview], null, "m", H(99)),
            new OfferDeclined(a, p, c, null, H(123))]);
        // A5: rejected while applied.
        App(session, Posting, 4, ApplicationSource.Direct, (a, p, c) => [new ApplicationRejected(a, p, c, Stage.Applied, RejectionReason.Location, null, "m", H(14))]);
        // A6: invited; withdrawn during screening.
        App(session, Posting, 5, ApplicationSource.Invitation, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(25)),
            new ApplicationWithdrawn(a, p, c, Stage.Screening, null, H(45))]);
        // A7: still active; reaches interview after the asOf moment (T0 + 100 h).
        App(session, Posting, 6, ApplicationSource.Direct, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(36)),
            new ApplicationAdvanced(a, p, c, Stage.Screening, Stage.Interview, [], null, "m", H(206))]);
        // A8: submitted before the cohort; its screening falls inside the period (activity only).
        App(session, Posting, -6 * 24, ApplicationSource.Direct, (a, p, c) => [
            new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(24)),
            new ApplicationRejected(a, p, c, Stage.Screening, RejectionReason.Other, null, "m", H(72))]);
        // A9: submitted after the cohort.
        App(session, Posting, 29 * 24, ApplicationSource.Direct, (_, _, _) => []);
        // A10, A11: a small posting (a suppressed group).
        App(session, SmallPosting, 7, ApplicationSource.Direct, (a, p, c) => [new ApplicationAdvanced(a, p, c, Stage.Applied, Stage.Screening, [], null, "m", H(31))]);
        App(session, SmallPosting, 8, ApplicationSource.Direct, (a, p, c) => [new ApplicationRejected(a, p, c, Stage.Applied, RejectionReason.ExperienceLevel, null, "m", H(13))]);
        await session.SaveChangesAsync();
    }

    private void App(IDocumentSession session, Guid posting, double submittedHours, ApplicationSource source, Func<Guid, Guid, Guid, object[]> then)
    {
        var id = Guid.NewGuid();
        var skills = posting == SmallPosting ? new[] { "go" } : ["microservices"];
        object[] events = [new ApplicationSubmitted(id, posting, Company, Guid.NewGuid(), source, null, [], skills, false, null, H(submittedHours)), .. then(id, posting, Company)];
        session.Events.StartStream<Application>(id, events);
    }
}
