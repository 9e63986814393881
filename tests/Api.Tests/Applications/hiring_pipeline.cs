using System.Diagnostics;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using Wolverine.Tracking;

namespace Marketplace.Api.Tests.Applications;

public class hiring_pipeline(AppFixture app)
{
    [Fact]
    public async Task a_candidate_applies_with_evidence_and_the_company_advances_offers_and_hires_closing_the_posting()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 1));
        var challenge = await app.PublishedChallenge(company.Token);
        var hired = await app.RegisterCandidate("Hired Person");
        var other = await app.RegisterCandidate("Other Person");
        var work = Guid.Parse((await app.Submit(hired.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);

        var application = (await app.Apply(hired.Token, posting, "I build order services.", [work])).Data("applyToPosting.application");
        application.GetProperty("stage").GetString().ShouldBe("APPLIED");
        application.GetProperty("source").GetString().ShouldBe("DIRECT");
        application.GetProperty("evidence").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(work.ToString());
        var id = Guid.Parse(application.GetProperty("id").GetString()!);
        var otherId = await app.Applied(other, posting);

        (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "INTERVIEW", note = "Strong evidence" }))
            .Data("advanceApplication.application.stage").GetString().ShouldBe("INTERVIEW");
        (await app.Move("extendOffer", company.Token, new { applicationId = id, note = "Offer at 80k" })).Data("extendOffer.application.stage").GetString().ShouldBe("OFFER");
        var accepted = (await app.Move("acceptOffer", hired.Token, new { applicationId = id })).Data("acceptOffer.application");
        accepted.GetProperty("status").GetString().ShouldBe("HIRED");
        accepted.GetProperty("stage").GetString().ShouldBe("HIRED");

        var closed = await Eventually.Until(() => app.Posting(posting, company.Token), p => p?.GetProperty("status").GetString() == "CLOSED");
        closed!.Value.GetProperty("closeReason").GetString().ShouldBe("FILLED");
        var remaining = await Eventually.Until(() => app.Application(otherId, other.Token), a => a?.GetProperty("status").GetString() == "CLOSED");
        remaining!.Value.GetProperty("status").GetString().ShouldBe("CLOSED");
        remaining.Value.GetProperty("history").EnumerateArray().Last().GetProperty("kind").GetString().ShouldBe("CLOSED");

        var history = (await app.Application(id, company.Token))!.Value.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("kind").GetString()).ShouldBe(["SUBMITTED", "ADVANCED", "OFFER_EXTENDED", "HIRED"]);
        history[1].GetProperty("note").GetString().ShouldBe("Strong evidence");
        history[1].GetProperty("by").GetString()!.ShouldStartWith("company:");
        var seenByCandidate = (await app.Application(id, hired.Token))!.Value.GetProperty("history").EnumerateArray().ToList();
        seenByCandidate[1].GetProperty("note").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "company notes are internal");
        seenByCandidate[1].GetProperty("by").GetString().ShouldBe("company");
    }

    [Fact]
    public async Task a_second_apply_and_two_at_once_yield_one_application_and_already_applied()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.Apply(candidate.Token, posting)));

        var winners = responses.Where(r => r.Errors.Count == 0).ToList();
        winners.Count.ShouldBe(1, string.Join("\n", responses.Select(r => r.Body)));
        var id = winners[0].Data("applyToPosting.application.id").GetString();
        foreach (var loser in responses.Where(r => r.Errors.Count > 0))
        {
            loser.ShouldFailWith("ALREADY_APPLIED");
            loser.ErrorExtensions.GetProperty("applicationId").GetString().ShouldBe(id);
        }
        var again = await app.Apply(candidate.Token, posting);
        again.ShouldFailWith("ALREADY_APPLIED");
        (await app.Host.GraphQL($"{{ applications(postingId: \"{posting}\") {{ totalCount }} }}", token: company.Token))
            .Data("applications.totalCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task after_withdrawing_a_candidate_may_apply_again_while_the_posting_is_open()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var candidate = await app.RegisterCandidate();
        var first = await app.Applied(candidate, posting);

        (await app.Move("withdrawApplication", candidate.Token, new { applicationId = first, note = "Took another job" }))
            .Data("withdrawApplication.application.status").GetString().ShouldBe("WITHDRAWN");
        var second = await app.Applied(candidate, posting);
        second.ShouldNotBe(first);

        (await app.Move("rejectApplication", company.Token, new { applicationId = second, reason = "EXPERIENCE_LEVEL", note = "Too junior" }))
            .Data("rejectApplication.application.status").GetString().ShouldBe("REJECTED");
        (await app.Apply(candidate.Token, posting)).ShouldFailWith("RULE_VIOLATION");
        var history = (await app.Application(second, company.Token))!.Value.GetProperty("history").EnumerateArray().Last();
        history.GetProperty("reason").GetString().ShouldBe("EXPERIENCE_LEVEL");
    }

    [Fact]
    public async Task stages_only_move_forward_and_skipped_ones_count_as_passed()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 2));
        var candidate = await app.RegisterCandidate();
        var id = await app.Applied(candidate, posting);

        (await app.Move("extendOffer", company.Token, new { applicationId = id })).Data("extendOffer.application.stage").GetString().ShouldBe("OFFER");
        (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "SCREENING" })).ShouldFailWith("RULE_VIOLATION");
        (await app.Move("advanceApplication", company.Token, new { applicationId = id, toStage = "HIRED" })).ShouldFailWith("RULE_VIOLATION");
        (await app.Move("declineOffer", candidate.Token, new { applicationId = id, note = "Salary" })).Data("declineOffer.application.status").GetString().ShouldBe("OFFER_DECLINED");
        (await app.Move("acceptOffer", candidate.Token, new { applicationId = id })).ShouldFailWith("RULE_VIOLATION");
        (await app.Posting(posting, company.Token))!.Value.GetProperty("status").GetString().ShouldBe("OPEN");

        var pipeline = (await app.Host.GraphQL($"{{ posting(id: \"{posting}\") {{ pipeline {{ stage status count }} }} }}", token: company.Token)).Data("posting.pipeline");
        pipeline.EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("OFFER_DECLINED");
        (await app.Host.GraphQL($"{{ posting(id: \"{posting}\") {{ pipeline {{ count }} }} }}")).Data("posting.pipeline").ValueKind
            .ShouldBe(System.Text.Json.JsonValueKind.Null, "pipelines are the company's business");
    }

    [Fact]
    public async Task a_list_of_postings_counts_every_pipeline_in_one_statement_for_their_company_only()
    {
        var company = await app.RegisterCompany();
        var busy = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 3));
        var quiet = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var empty = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var screened = await app.Applied(await app.RegisterCandidate(), busy);
        await app.Applied(await app.RegisterCandidate(), busy);
        await app.Applied(await app.RegisterCandidate(), busy);
        await app.Move("advanceApplication", company.Token, new { applicationId = screened, toStage = "SCREENING" });
        var leaver = await app.RegisterCandidate();
        await app.Move("withdrawApplication", leaver.Token, new { applicationId = await app.Applied(leaver, quiet) });
        const string list = "query($company: ID!) { postings(first: 50, filter: { companyId: $company }) { edges { node { id pipeline { stage status count } } } } }";

        var trace = app.Spans.Watch();
        var pipelines = (await app.Host.GraphQL(list, new { company = company.Id }, company.Token,
                new Dictionary<string, string> { ["traceparent"] = $"00-{trace}-{ActivitySpanId.CreateRandom()}-01" }))
            .Data("postings.edges").EnumerateArray().Select(e => e.GetProperty("node")).ToDictionary(n => n.GetProperty("id").GetGuid(),
                n => n.GetProperty("pipeline").EnumerateArray()
                    .Select(c => $"{c.GetProperty("stage").GetString()} {c.GetProperty("status").GetString()} {c.GetProperty("count").GetInt32()}").ToList());

        pipelines[busy].ShouldBe(["APPLIED ACTIVE 2", "SCREENING ACTIVE 1"], ignoreOrder: true);
        pipelines[quiet].ShouldBe(["APPLIED WITHDRAWN 1"]);
        pipelines[empty].ShouldBeEmpty();
        app.Spans.Trace(trace).Where(span => span.Source.Name == "Npgsql")
            .Count(span => span.TagObjects.Any(tag => tag.Value is string text && text.Contains("from mt_doc_applicationview"))).ShouldBe(1,
                "the postings' counts are read together, not once per posting");

        var other = await app.RegisterCompany();
        (await app.Host.GraphQL(list, new { company = company.Id }, other.Token)).Data("postings.edges").EnumerateArray()
            .ShouldAllBe(e => e.GetProperty("node").GetProperty("pipeline").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task closing_a_posting_closes_its_active_applications_once()
    {
        var company = await app.RegisterCompany();
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        var active = await app.Applied(await app.RegisterCandidate(), posting);
        var withdrawer = await app.RegisterCandidate();
        var withdrawn = await app.Applied(withdrawer, posting);
        await app.Move("withdrawApplication", withdrawer.Token, new { applicationId = withdrawn });

        await app.Lifecycle("closePosting", company.Token, new { postingId = posting, reason = "CANCELLED" });

        var closed = await Eventually.Until(() => app.Application(active, company.Token), a => a?.GetProperty("status").GetString() == "CLOSED");
        closed!.Value.GetProperty("status").GetString().ShouldBe("CLOSED");
        (await app.Application(withdrawn, company.Token))!.Value.GetProperty("status").GetString().ShouldBe("WITHDRAWN");
        await app.Deliver(new Marketplace.Domain.Postings.ClosePostingPipeline(posting, Marketplace.Domain.Postings.CloseReason.Cancelled));
        (await app.Application(active, company.Token))!.Value.GetProperty("history").EnumerateArray()
            .Count(h => h.GetProperty("kind").GetString() == "CLOSED").ShouldBe(1, "a redelivered close changes nothing twice");
        (await app.Apply((await app.RegisterCandidate()).Token, posting)).ShouldFailWith("RULE_VIOLATION");
    }
}
