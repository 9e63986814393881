using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Web;

/// <summary>
/// A company's challenges in the workspace without JavaScript: a recruiter drafts one whose rubric weights do not add
/// up to 1 and is told so at the weights, adds and removes criteria by posting the form, fixes it and publishes it; the
/// owner confirms, then dismisses, a near-copy flag on the submissions page.
/// </summary>
public class challenges_in_the_browser(AppFixture app)
{
    private const string List = "/company/challenges";
    private const string New = "/company/challenges/new";

    public static Dictionary<string, string> ChallengeFields(string title, string action, params (string Key, string Description, string Weight)[] rubric)
    {
        var fields = new Dictionary<string, string>
        {
            ["action"] = action, ["title"] = title, ["skill"] = "microservices", ["difficulty"] = "MEDIUM", ["maxAttempts"] = "3",
            ["brief"] = "Design the services that take an order from checkout to delivery, and explain how they stay reliable.",
        };
        foreach (var (criterion, i) in rubric.Select((c, i) => (c, i)))
        {
            fields[$"criteria[{i}].key"] = criterion.Key;
            fields[$"criteria[{i}].description"] = criterion.Description;
            fields[$"criteria[{i}].weight"] = criterion.Weight;
        }
        return fields;
    }

    private static readonly (string, string, string) Boundaries = ("service-boundaries", "Splits the domain along business capabilities", "0.5");

    [Fact]
    public async Task a_recruiter_is_told_at_the_weights_that_they_must_add_up_to_1_fixes_the_rubric_and_publishes_the_challenge()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var browser = recruiter.Browser;
        var empty = (await browser.Get(List)).Body;
        empty.ShouldContain("No challenges yet");
        empty.ShouldContain($"<a href=\"{List}\" aria-current=\"page\">Challenges</a>");
        (await browser.Get(New)).Body.ShouldContain("name=\"criteria[0].key\"");

        var title = $"Order pipeline {Guid.NewGuid():N}"[..28];
        var (added, withRow, _) = await browser.Submit(New, New, ChallengeFields(title, "add-row", Boundaries));
        added.ShouldBe(HttpStatusCode.OK);
        withRow.ShouldContain("name=\"criteria[1].key\"", customMessage: "Add a criterion, without JavaScript: the form comes back with a row more");
        withRow.ShouldContain("value=\"service-boundaries\"");

        var (refused, wrong, _) = await browser.Submit(New, New, ChallengeFields(title, "save", Boundaries,
            ("resilience", "Timeouts, retries with backoff and idempotency between services", "0.4")));
        refused.ShouldBe(HttpStatusCode.BadRequest);
        Regex.IsMatch(wrong, "<p class=\"problem field-error\" id=\"weight-error\" role=\"alert\">[^<]*weights must sum to 1").ShouldBeTrue(wrong);
        wrong.ShouldContain("The weights add up to 0.9.");
        wrong.ShouldContain("aria-describedby=\"weight-sum weight-error\" aria-invalid=\"true\"");
        wrong.ShouldContain($"value=\"{title}\"", customMessage: "what was typed stays");
        (await browser.Get(List)).Body.ShouldContain("No challenges yet");

        var (saved, _, to) = await browser.Submit(New, New, ChallengeFields(title, "save", Boundaries,
            ("resilience", "Timeouts, retries with backoff and idempotency between services", "0.5")));
        saved.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe(List);
        var id = Regex.Match((await browser.Get(List)).Body, "id=\"challenge-([0-9a-f-]+)\" data-status=\"DRAFT\"").Groups[1].Value;
        var drafted = await app.Challenge(Guid.Parse(id), recruiter.Token);
        drafted.GetProperty("title").GetString().ShouldBe(title);
        drafted.GetProperty("rubric").GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("weight").GetDouble()).ShouldBe([0.5, 0.5]);

        var edit = $"/company/challenges/{id}/edit";
        (await browser.Get(edit)).Body.ShouldContain("value=\"resilience\"");
        var twoRows = ChallengeFields(title, "remove-1", Boundaries, ("resilience", "Timeouts and retries", "0.5"));
        var (_, removed, _) = await browser.Submit(edit, edit, twoRows);
        removed.ShouldNotContain("value=\"resilience\"", customMessage: "Remove, without JavaScript: the form comes back without the row");
        var (revised, _, _) = await browser.Submit(edit, edit, ChallengeFields(title + " v2", "save", ("service-boundaries", "Splits the domain along business capabilities", "1")));
        revised.ShouldBe(HttpStatusCode.Redirect);
        var now = await app.Challenge(Guid.Parse(id), recruiter.Token);
        now.GetProperty("title").GetString().ShouldBe(title + " v2");
        now.GetProperty("rubric").GetProperty("version").GetInt32().ShouldBe(2);

        var (published, _, back) = await browser.Submit(List, List, new Dictionary<string, string> { ["action"] = "publish", ["challengeId"] = id });
        published.ShouldBe(HttpStatusCode.Redirect);
        back.ShouldBe(List);
        (await app.Challenge(Guid.Parse(id))).GetProperty("status").GetString().ShouldBe("PUBLISHED");
        var listed = (await browser.Get(List)).Body;
        listed.ShouldContain($"id=\"challenge-{id}\" data-status=\"PUBLISHED\"");
        listed.ShouldContain($"aria-label=\"Close: {title} v2\"");
    }

    [Fact]
    public async Task the_owner_reads_the_feedback_per_criterion_and_confirms_then_dismisses_a_near_copy_flag()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var challenge = await app.PublishedChallenge(team.Owner.Token);
        var original = await app.RegisterCandidate("Original Author");
        var copier = await app.RegisterCandidate("Copying Person");
        var originalId = Guid.Parse((await app.Submit(original.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(originalId, original.Token);
        var copy = ChallengeScenarios.GoodWork.Replace("Orders, payments and shipping", "Ordering, payment and shipping");
        var copyId = Guid.Parse((await app.Submit(copier.Token, challenge, copy)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(copyId, copier.Token);
        await Eventually.Until(() => app.Submission(copyId, team.Owner.Token), s => s?.GetProperty("flagged").GetBoolean() == true);

        var page = $"/company/challenges/{challenge}/submissions";
        var flagged = (await browser.Get(page)).Body;
        flagged.ShouldContain($"id=\"submission-{copyId}\" data-status=\"FEEDBACK_READY\" data-flag=\"pending\"");
        flagged.ShouldContain($"<a href=\"#submission-{originalId}\">{original.Handle}, attempt 1</a>", customMessage: "the other submission");
        flagged.ShouldContain("% similar to");
        flagged.ShouldContain("data-criterion=\"resilience\"", customMessage: "the feedback per criterion");
        flagged.ShouldContain("2 submissions, 1 flagged as near copies, 1 awaiting your decision");
        flagged.ShouldNotContain("Original Author", customMessage: "handles, never names");

        var (confirmed, _, to) = await browser.Submit(page, page, new Dictionary<string, string> { ["action"] = "confirm", ["note"] = "Same text as another candidate" });
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe($"{page}#submission-{copyId}");
        var after = (await browser.Get(page)).Body;
        after.ShouldContain("data-flag=\"confirmed\"");
        after.ShouldContain("You confirmed it as a copy. Note: Same text as another candidate");
        after.ShouldNotContain("value=\"confirm\">Confirm copy");
        (await app.Submission(copyId, team.Owner.Token))!.Value.GetProperty("flagConfirmed").GetBoolean().ShouldBeTrue();

        var (dismissed, _, _) = await browser.Submit(page, page, new Dictionary<string, string> { ["action"] = "dismiss" });
        dismissed.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Get(page)).Body.ShouldContain("data-flag=\"dismissed\"");
        (await app.Submission(copyId, team.Owner.Token))!.Value.GetProperty("flagConfirmed").GetBoolean().ShouldBeFalse();

        var (stale, answer, _) = await browser.Submit(page, page, new Dictionary<string, string> { ["action"] = "confirm", ["version"] = "1" });
        stale.ShouldBe(HttpStatusCode.BadRequest, "a decision against an older version of the submission changes nothing");
        answer.ShouldContain("The submission changed while you were reading it");
    }
}
