using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Postings;
using Marten;
using Shouldly;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>Commands on one stream at once, without expectedVersion: losers decide again on fresh state, so no update is lost.</summary>
public class concurrent_commands(AppFixture app)
{
    [Fact]
    public async Task fifty_concurrent_stage_changes_leave_a_valid_history_with_every_acknowledged_move_in_it()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);
        var candidate = await app.RegisterCandidate();
        var application = await app.Applied(candidate, posting);
        var moves = new (string Mutation, object Input)[]
        {
            ("advanceApplication", new { applicationId = application, toStage = "SCREENING" }),
            ("advanceApplication", new { applicationId = application, toStage = "INTERVIEW" }),
            ("extendOffer", new { applicationId = application }),
            ("rejectApplication", new { applicationId = application, reason = "OTHER" }),
        };

        var sent = Enumerable.Range(0, 50).Select(i => moves[i % 7 == 6 ? 3 : i % 3]).ToList();
        var answers = await Task.WhenAll(sent.Select(move => app.Move(move.Mutation, company.Token, move.Input)));
        var acknowledged = sent.Zip(answers).Where(x => x.Second.Errors.Count == 0).Select(x => x.First.Mutation).ToList();

        // Every refusal is a business answer, never an internal error or a lost race.
        answers.Where(a => a.Errors.Count > 0).ShouldAllBe(a => a.ErrorCode == "RULE_VIOLATION", string.Join("\n", answers.Select(a => a.Body).Distinct()));
        await using var session = app.Store.QuerySession();
        var history = (await session.Events.FetchStreamAsync(application)).Select(e => e.Data).ToList();
        history[0].ShouldBeOfType<ApplicationSubmitted>();
        var stage = Stage.Applied;
        var ended = false;
        foreach (var change in history.Skip(1))
        {
            ended.ShouldBeFalse("nothing follows an ending");
            switch (change)
            {
                case ApplicationAdvanced moved:
                    moved.From.ShouldBe(stage);
                    ((int)moved.To).ShouldBeGreaterThan((int)stage);
                    stage = moved.To;
                    break;
                case OfferExtended offer:
                    offer.From.ShouldBe(stage);
                    stage = Stage.Offer;
                    break;
                case ApplicationRejected rejected:
                    rejected.Stage.ShouldBe(stage);
                    ended = true;
                    break;
                default:
                    throw new ShouldAssertException($"Unexpected {change.GetType().Name}");
            }
        }
        // Each acknowledged move is in the history exactly once; an offer made again is acknowledged without a new event.
        history.OfType<ApplicationAdvanced>().Count().ShouldBe(acknowledged.Count(m => m == "advanceApplication"));
        history.OfType<ApplicationRejected>().Count().ShouldBe(acknowledged.Count(m => m == "rejectApplication"));
        history.OfType<OfferExtended>().Count().ShouldBe(acknowledged.Contains("extendOffer") ? 1 : 0);
    }

    [Fact]
    public async Task fifty_concurrent_revisions_of_one_posting_are_all_kept()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            app.Lifecycle("revisePosting", company.Token, new { postingId = posting, title = $"Backend Engineer #{i}" })));

        answers.ShouldAllBe(a => a.Errors.Count == 0, string.Join("\n", answers.Select(a => a.Body).Distinct()));
        await using var session = app.Store.QuerySession();
        var titles = (await session.Events.FetchStreamAsync(posting)).Select(e => e.Data).OfType<PostingRevised>()
            .Select(r => r.Details.Title).ToList();
        titles.Order().ShouldBe(Enumerable.Range(0, 50).Select(i => $"Backend Engineer #{i}").Order());
    }
}
