using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Postings;
using Marten;

namespace Marketplace.Api.Seed;

/// <summary>
/// Six months of hiring for the demo: generated candidates apply to the open postings and move through the pipeline
/// with realistic pass rates, delays, rejections, withdrawals and declined offers. History is imported as events
/// with their business times (the moments things happened), straight into the streams, the way a migration from
/// another applicant-tracking system would; the same random seed always writes the same history.
/// </summary>
public sealed class DemoHistory(IDocumentStore store)
{
    private const int Candidates = 160;
    private static readonly RejectionReason[] Reasons = Enum.GetValues<RejectionReason>().Where(r => r != RejectionReason.PositionFilled).ToArray();

    public async Task Load(Action<string> progress, DateTimeOffset now, CancellationToken cancellation = default)
    {
        await using var session = store.LightweightSession();
        var candidates = Enumerable.Range(1, Candidates).Select(i => Domain.Common.DerivedIds.From($"demo-candidate/{i}")).ToList();
        if (await session.Events.FetchStreamStateAsync(candidates[0], cancellation) is not null)
        {
            progress("hiring history: already there");
            return;
        }
        var companies = DemoData.CompanyIds();
        var postings = (await session.Query<PostingView>().Where(p => p.Status == PostingStatus.Open).ToListAsync(cancellation))
            .Where(p => companies.Contains(p.CompanyId)).OrderBy(p => p.Id).ToList();
        var random = new Random(20261126);
        foreach (var (id, i) in candidates.Select((id, i) => (id, i)))
            session.Events.StartStream<Candidate>(id, new CandidateRegistered(id, Handles.For(id), new CandidateProfile(
                $"Demo Candidate {i + 1}", $"demo.candidate.{i + 1}@example.com", "Software engineer", ["microservices"], i % 3 == 0)));

        var applications = 0;
        foreach (var posting in postings)
        {
            // Hires fill all but one opening, so the demo's postings stay open.
            var hires = 0;
            bool MayHire() => hires < posting.Openings - 1 && ++hires > 0;
            var applicants = candidates.OrderBy(_ => random.Next()).Take(random.Next(15, 35));
            foreach (var candidate in applicants)
            {
                var submittedAt = now.AddDays(-random.Next(3, 180)).AddMinutes(-random.Next(0, 1440));
                var journey = Journey(posting, candidate, submittedAt, now, random, MayHire).ToArray();
                session.Events.StartStream<Application>(Applying.IdFor(candidate, posting.Id, 1), journey);
                if (journey.OfType<OfferAccepted>().SingleOrDefault() is { } hired)
                    session.Events.Append(posting.Id, new PostingHireRecorded(posting.Id, posting.CompanyId, hired.ApplicationId, hired.At));
                applications++;
            }
        }
        await session.SaveChangesAsync(cancellation);
        progress($"hiring history: {Candidates} candidates, {applications} applications over six months");
    }

    /// <summary>One application's path: each stage passes with some chance, or ends in a rejection or withdrawal.</summary>
    private static IEnumerable<object> Journey(PostingView posting, Guid candidate, DateTimeOffset at, DateTimeOffset now, Random random,
        Func<bool> mayHire)
    {
        var id = Applying.IdFor(candidate, posting.Id, 1);
        var source = random.NextDouble() < 0.2 ? ApplicationSource.Invitation : ApplicationSource.Direct;
        yield return new ApplicationSubmitted(id, posting.Id, posting.CompanyId, candidate, source, "I would love to join the team.", [],
            posting.Skills, posting.BlindReview, null, at);

        var stage = Stage.Applied;
        while (stage < Stage.Offer)
        {
            at = at.AddHours(random.Next(18, 24 * 9));
            if (at > now) yield break;
            var next = stage + 1;
            var roll = random.NextDouble();
            if (roll < 0.08)
            {
                yield return new ApplicationWithdrawn(id, posting.Id, posting.CompanyId, stage, "Accepted another offer.", at);
                yield break;
            }
            if (roll > PassRate(next))
            {
                yield return new ApplicationRejected(id, posting.Id, posting.CompanyId, stage, Reasons[random.Next(Reasons.Length)], null, "demo", at);
                yield break;
            }
            if (next == Stage.Screening && random.NextDouble() < 0.1) next = Stage.Interview; // a strong candidate skips screening
            yield return next == Stage.Offer
                ? new OfferExtended(id, posting.Id, posting.CompanyId, stage, ApplicationRules.Between(stage, next), null, "demo", at)
                : new ApplicationAdvanced(id, posting.Id, posting.CompanyId, stage, next, ApplicationRules.Between(stage, next), null, "demo", at);
            stage = next;
        }

        at = at.AddHours(random.Next(24, 24 * 6));
        if (at > now) yield break;
        var answer = random.NextDouble();
        if (answer < 0.3) yield return new OfferDeclined(id, posting.Id, posting.CompanyId, "Chose a counter-offer.", at);
        else if (answer < 0.8 && mayHire()) yield return new OfferAccepted(id, posting.Id, posting.CompanyId, candidate, at);
    }

    private static double PassRate(Stage to) => to switch
    {
        Stage.Screening => 0.55,
        Stage.Interview => 0.5,
        _ => 0.45,
    };
}
