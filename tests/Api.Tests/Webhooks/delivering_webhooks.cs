using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Marketplace.Api.Webhooks;
using Marketplace.Domain.Applications;
using Marketplace.Domain.Candidates;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// Deliveries to a real receiver that checks each one with the Standard Webhooks reference verification: what each
/// event type carries, blind review, retries through failures, replay, rotation, the test event and disabling.
/// </summary>
public class delivering_webhooks(AppFixture app)
{
    private static string Text(JsonElement data, string path)
    {
        foreach (var name in path.Split('.'))
            if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(name, out data)) return "";
        return data.ValueKind == JsonValueKind.String ? data.GetString()! : "";
    }

    [Fact]
    public async Task the_pipeline_reaches_the_endpoint_signed_in_order_and_blind_until_interview()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        await app.Endpoint(company.Token, receiver);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 2, blindReview: true));
        var ada = await app.RegisterCandidate("Ada Webhook");
        var grace = await app.RegisterCandidate("Grace Webhook");

        var hired = await app.Applied(ada, posting);
        (await app.Move("advanceApplication", company.Token, new { applicationId = hired, toStage = "SCREENING" })).Data();
        (await app.Move("advanceApplication", company.Token, new { applicationId = hired, toStage = "INTERVIEW" })).Data();
        (await app.Move("extendOffer", company.Token, new { applicationId = hired })).Data();
        (await app.Move("acceptOffer", ada.Token, new { applicationId = hired })).Data();
        var withdrawn = await app.Applied(grace, posting);
        (await app.Move("withdrawApplication", grace.Token, new { applicationId = withdrawn })).Data();
        (await app.Lifecycle("closePosting", company.Token, new { postingId = posting, reason = "FILLED" })).Data();

        var all = await receiver.Delivered(_ => true, count: 8);
        all.ShouldAllBe(r => r.Verified, "every delivery passes the reference verification");
        all.Select(r => r.WebhookId).Distinct().Count().ShouldBe(all.Count, "one webhook-id per event");

        var ofHire = all.Where(r => Text(r.Data, "applicationId") == hired.ToString()).OrderBy(r => r.Data.GetProperty("version").GetInt32()).ToList();
        ofHire.Select(r => r.Type).ShouldBe(["application.received", "application.stage_changed", "application.stage_changed", "application.stage_changed", "offer.accepted"]);
        ofHire.Select(r => r.Data.GetProperty("version").GetInt32()).ShouldBe([1, 2, 3, 4, 5], "the stream's version orders them");
        ofHire.Skip(1).Take(3).Select(r => Text(r.Data, "to")).ShouldBe(["SCREENING", "INTERVIEW", "OFFER"]);
        ofHire.ShouldAllBe(r => Text(r.Data, "postingId") == posting.ToString());
        ofHire.ShouldAllBe(r => Text(r.Data, "candidate.handle") == ada.Handle);

        // Blind review: no name on the way in nor at SCREENING; from INTERVIEW on, the name.
        ofHire[0].Data.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(JsonValueKind.Null);
        ofHire[1].Data.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(JsonValueKind.Null);
        Text(ofHire[2].Data, "candidate.displayName").ShouldBe("Ada Webhook");
        foreach (var r in all) r.Body.ShouldNotContain("@example.com", customMessage: "no email in any payload");

        var left = all.Single(r => r.Type == "application.withdrawn");
        Text(left.Data, "applicationId").ShouldBe(withdrawn.ToString());
        left.Data.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(JsonValueKind.Null, "Grace never reached INTERVIEW");
        Text(all.Single(r => r.Type == "posting.closed").Data, "reason").ShouldBe("FILLED");
    }

    [Fact]
    public async Task reviews_of_the_company_challenges_declined_offers_and_answered_invitations_arrive_too()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        var endpoint = await app.Endpoint(company.Token, receiver, ["submission.reviewed", "offer.declined", "invitation.answered"]);
        var challenge = await app.PublishedChallenge(company.Token);
        var candidate = await app.RegisterCandidate("Linus Webhook", discoverable: true);
        var submission = (await app.Submit(candidate.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString();

        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 3));
        var application = await app.Applied(candidate, posting);
        (await app.Move("extendOffer", company.Token, new { applicationId = application })).Data();
        (await app.Move("declineOffer", candidate.Token, new { applicationId = application })).Data();
        var other = await app.PublishedPosting(company, ApplicationScenarios.Opening());
        // The candidate joins the talent pool once the review is projected into it.
        var invited = await Eventually.Until(() => app.Host.GraphQL("mutation($input: InviteCandidateInput!) { inviteCandidate(input: $input) { invitation { id } } }",
            new { input = new { postingId = other, candidateId = candidate.Id } }, company.Token), r => r.Errors.Count == 0);
        var invitation = invited.Data("inviteCandidate.invitation.id").GetString();
        (await app.Host.GraphQL("mutation($input: InvitationIdInput!) { declineInvitation(input: $input) { invitation { status } } }",
            new { input = new { invitationId = invitation } }, candidate.Token)).Data();

        var reviewed = (await receiver.Delivered(r => r.Type == "submission.reviewed")).Single();
        Text(reviewed.Data, "submissionId").ShouldBe(submission);
        Text(reviewed.Data, "challengeId").ShouldBe(challenge.ToString());
        reviewed.Data.GetProperty("overallScore").GetInt32().ShouldBeInRange(1, 100);
        reviewed.Data.GetProperty("criteria").GetArrayLength().ShouldBeGreaterThan(0);
        reviewed.Data.GetProperty("candidate").GetProperty("displayName").ValueKind.ShouldBe(JsonValueKind.Null);
        Text((await receiver.Delivered(r => r.Type == "offer.declined")).Single().Data, "applicationId").ShouldBe(application.ToString());
        var answered = (await receiver.Delivered(r => r.Type == "invitation.answered")).Single();
        Text(answered.Data, "answer").ShouldBe("DECLINED");
        Text(answered.Data, "invitationId").ShouldBe(invitation);
        receiver.Received.ShouldAllBe(r => r.Verified);
        receiver.Received.ShouldNotContain(r => r.Type == "application.received", "the endpoint did not ask for it");

        var log = await app.EndpointWithLog(endpoint, company.Token);
        log.GetProperty("deliveries").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task failures_are_retried_until_delivered_and_every_attempt_keeps_the_webhook_id()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        var closedPort = $"http://127.0.0.1:{WebhookReceiver.FreePort()}/hooks";
        var created = (await app.CreateEndpoint(company.Token, new { url = closedPort, eventTypes = new[] { "application.received" } })).Data("createWebhookEndpoint");
        receiver.Secrets.Add(created.GetProperty("signingSecret").GetString()!);
        var endpoint = created.GetProperty("endpoint").GetProperty("id").GetString()!;
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 5));

        var applied = await app.Applied(await app.RegisterCandidate(), posting);
        var log = await Eventually.Until(() => app.EndpointWithLog(Guid.Parse(endpoint), company.Token),
            e => e.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("attempts").GetArrayLength() > 0));
        var first = log.GetProperty("deliveries")[0].GetProperty("attempts")[0];
        first.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
        first.GetProperty("error").GetString().ShouldStartWith("could not connect", customMessage: "a closed port");

        // The receiver comes up at another address, and answers badly three times before it takes the delivery.
        receiver.Answers.Enqueue("500");
        receiver.Answers.Enqueue("429:1");
        receiver.Answers.Enqueue("slow:3000");
        (await app.WebhookMutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput", company.Token, new { endpointId = endpoint, url = receiver.Url },
            "endpoint { url }")).Data("updateWebhookEndpoint.endpoint.url").GetString().ShouldBe(receiver.Url);

        var delivered = (await receiver.Delivered(r => r.Type == "application.received", within: TimeSpan.FromSeconds(60))).Single();
        Text(delivered.Data, "applicationId").ShouldBe(applied.ToString());
        var attempts = receiver.Received.Where(r => r.Type == "application.received").ToList();
        attempts.Select(r => r.Answered).ShouldBe([500, 429, 200, 200]);
        attempts.Select(r => r.Slow).ShouldBe([false, false, true, false], "the slow answer came after the timeout, so it counted as a failure");
        attempts.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem("every attempt at one event carries one webhook-id");
        attempts.ShouldAllBe(r => r.Verified);
        // Retry-After: 1 was honoured: the attempt after the 429 came no sooner than a second later.
        (attempts[2].At - attempts[1].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));

        log = await Eventually.Until(() => app.EndpointWithLog(Guid.Parse(endpoint), company.Token),
            e => e.GetProperty("deliveries")[0].GetProperty("status").GetString() == "DELIVERED");
        var recorded = log.GetProperty("deliveries")[0].GetProperty("attempts").EnumerateArray().ToList();
        recorded.Select(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Null ? 0 : a.GetProperty("statusCode").GetInt32())
            .ShouldBe([0, 500, 429, 0, 200]);
        recorded[3].GetProperty("error").GetString()!.ShouldContain("timed out");
        recorded[2].GetProperty("response").GetString()!.ShouldContain("answered 429");
        recorded.ShouldAllBe(a => a.GetProperty("latencyMilliseconds").GetInt32() >= 0);
        log.GetProperty("failingSince").ValueKind.ShouldBe(JsonValueKind.Null, "a success ends the failing spell");
    }

    [Fact]
    public async Task replay_sends_the_same_webhook_id_again_one_delivery_or_all_since_a_time()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        var endpoint = await app.Endpoint(company.Token, receiver, ["application.received"]);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 5));
        var before = DateTimeOffset.UtcNow;
        await app.Applied(await app.RegisterCandidate(), posting);
        await app.Applied(await app.RegisterCandidate(), posting);
        var firsts = await receiver.Delivered(_ => true, count: 2);

        var delivery = (await app.EndpointWithLog(endpoint, company.Token)).GetProperty("deliveries")[0];
        var replayed = await app.WebhookMutation("replayWebhookDelivery", "ReplayWebhookDeliveryInput", company.Token,
            new { deliveryId = delivery.GetProperty("id").GetString() }, "delivery { webhookId status }");
        replayed.Data("replayWebhookDelivery.delivery.webhookId").GetString().ShouldBe(delivery.GetProperty("webhookId").GetString());
        (await receiver.Delivered(r => r.WebhookId == delivery.GetProperty("webhookId").GetString(), count: 2)).Count.ShouldBe(2);

        (await app.WebhookMutation("replayWebhookDeliveries", "ReplayWebhookDeliveriesInput", company.Token,
            new { endpointId = endpoint, since = before.AddSeconds(-1) }, "replayed")).Data("replayWebhookDeliveries.replayed").GetInt32().ShouldBe(2);
        var all = await receiver.Delivered(_ => true, count: 5);
        all.Select(r => r.WebhookId).Distinct().Order().ShouldBe(firsts.Select(r => r.WebhookId).Order(), "replays keep the ids");
        all.ShouldAllBe(r => r.Verified);
    }

    [Fact]
    public async Task a_test_event_and_a_rotated_secret_sign_with_both_secrets_during_the_overlap()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        var endpoint = await app.Endpoint(company.Token, receiver);
        var oldSecret = receiver.Secrets.Single();

        (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { eventType status }"))
            .Data("sendTestWebhook.delivery.eventType").GetString().ShouldBe("webhook.test");
        (await receiver.Delivered(r => r.Type == "webhook.test")).Single().Verified.ShouldBeTrue();

        var rotated = (await app.WebhookMutation("rotateWebhookSecret", "RotateWebhookSecretInput", company.Token, new { endpointId = endpoint, overlapHours = 24 },
            $"signingSecret endpoint {{ {WebhookScenarios.EndpointFields} }}")).Data("rotateWebhookSecret");
        var newSecret = rotated.GetProperty("signingSecret").GetString()!;
        newSecret.ShouldNotBe(oldSecret);
        rotated.GetProperty("endpoint").GetProperty("secrets").GetArrayLength().ShouldBe(2);

        // A receiver that knows only the new secret, and one that still knows only the old one, both verify.
        receiver.Secrets.Clear();
        receiver.Secrets.Add(newSecret);
        await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
        (await receiver.Delivered(r => r.Type == "webhook.test", count: 2))[1].Verified.ShouldBeTrue();
        receiver.Secrets.Clear();
        receiver.Secrets.Add(oldSecret);
        await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
        (await receiver.Delivered(r => r.Type == "webhook.test", count: 3))[2].Verified.ShouldBeTrue();

        // Without an overlap the old secret stops signing at once.
        var again = (await app.WebhookMutation("rotateWebhookSecret", "RotateWebhookSecretInput", company.Token, new { endpointId = endpoint, overlapHours = 0 },
            "signingSecret endpoint { secrets { ending } }")).Data("rotateWebhookSecret");
        again.GetProperty("endpoint").GetProperty("secrets").GetArrayLength().ShouldBe(1);
        await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", company.Token, new { endpointId = endpoint }, "delivery { id }");
        (await Eventually.Until(() => Task.FromResult(receiver.Received.Count), n => n >= 4)).ShouldBe(4);
        receiver.Received[3].Verified.ShouldBeFalse("signed only with the newest secret, which this receiver does not know");
    }

    [Fact]
    public async Task an_endpoint_failing_for_days_is_disabled_and_its_owners_get_a_mail()
    {
        await using var receiver = new WebhookReceiver { Otherwise = "503" };
        var team = await app.NewTeam();
        var endpoint = await app.Endpoint(team.Owner.Token, receiver, ["application.received"]);
        // The endpoint has been failing for six days already.
        await using (var session = app.Store.LightweightSession())
        {
            session.Store(new WebhookEndpointHealth { Id = endpoint, FailingSince = DateTimeOffset.UtcNow.AddDays(-6), LastFailureAt = DateTimeOffset.UtcNow.AddHours(-1) });
            await session.SaveChangesAsync();
        }
        var company = new TestCompany(team.CompanyId, "", team.Owner.Token);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 5));
        await app.Applied(await app.RegisterCandidate(), posting);

        var mail = await app.Mail.Next(team.Owner.Email, "webhook endpoint was disabled", TimeSpan.FromSeconds(30));
        (mail.TextBody ?? "").ShouldContain(receiver.Url);
        var state = await app.EndpointWithLog(endpoint, team.Owner.Token);
        state.GetProperty("status").GetString().ShouldBe("DISABLED");
        state.GetProperty("disabledReason").GetString()!.ShouldContain("failing since");
        state.GetProperty("deliveries")[0].GetProperty("status").GetString().ShouldBe("FAILED", "its retries stop");

        // While disabled, events are kept as failed deliveries and nothing is sent; enabling it and replaying sends them.
        var sent = receiver.Received.Count;
        await app.Applied(await app.RegisterCandidate(), posting);
        await Eventually.Until(() => app.EndpointWithLog(endpoint, team.Owner.Token), e => e.GetProperty("deliveries").GetArrayLength() == 2);
        receiver.Otherwise = "200";
        (await app.WebhookMutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput", team.Owner.Token, new { endpointId = endpoint, enabled = true },
            "endpoint { status failingSince }")).Data("updateWebhookEndpoint.endpoint.status").GetString().ShouldBe("ENABLED");
        (await app.WebhookMutation("replayWebhookDeliveries", "ReplayWebhookDeliveriesInput", team.Owner.Token,
            new { endpointId = endpoint, since = DateTimeOffset.UtcNow.AddMinutes(-5), onlyFailed = true }, "replayed")).Data("replayWebhookDeliveries.replayed").GetInt32().ShouldBe(2);
        (await receiver.Delivered(_ => true, count: 2)).Count.ShouldBe(2);
        receiver.Received.Count.ShouldBeGreaterThan(sent);
    }

    [Fact]
    public async Task a_run_of_events_goes_out_in_order_and_at_a_failing_endpoint_the_rest_wait_their_turns()
    {
        await using var receiver = new WebhookReceiver { Otherwise = "503" };
        var company = await app.RegisterCompany();
        await app.Endpoint(company.Token, receiver, ["posting.closed"]);
        // Twelve events in one commit: the fan-out reads them in one page and hands the endpoint one batch.
        var postings = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        await using (var session = app.Store.LightweightSession())
        {
            foreach (var posting in postings)
                session.Events.StartStream(posting, new Marketplace.Domain.Postings.PostingClosed(posting, company.Id, Marketplace.Domain.Postings.CloseReason.Cancelled, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var first = (await Eventually.Until(() => Task.FromResult(receiver.Received), r => r.Count > 0))[0].At;
        var window = TimeSpan.FromSeconds(0.9);
        if (first + window - DateTimeOffset.UtcNow is { Ticks: > 0 } rest) await Task.Delay(rest);
        // The first attempts fail: the batch stops there, and its other deliveries step aside for their turns (a second
        // or more) instead of each being tried at once against an endpoint that is failing.
        var early = receiver.Received.Where(r => r.At - first < window).Select(r => Text(r.Data, "postingId")).Distinct().ToList();
        early.Count.ShouldBeInRange(1, new WebhookOptions().ConcurrencyPerEndpoint);
        await using (var query = app.Store.QuerySession())
        {
            var inOrder = (await query.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(postings.ToArray())).OrderBy(e => e.Sequence).ToListAsync())
                .Select(e => e.StreamId.ToString()).ToList();
            early.ShouldAllBe(p => inOrder.Take(new WebhookOptions().ConcurrencyPerEndpoint).Contains(p), "in event order");
        }

        receiver.Otherwise = "200";
        var delivered = await receiver.Delivered(r => r.Answered == 200, count: postings.Count, within: TimeSpan.FromSeconds(60));
        delivered.Select(r => Text(r.Data, "postingId")).Order().ShouldBe(postings.Select(p => p.ToString()).Order());
        receiver.Received.GroupBy(r => Text(r.Data, "postingId")).ShouldAllBe(attempts => attempts.Select(r => r.WebhookId).Distinct().Count() == 1);
        receiver.Received.ShouldAllBe(r => r.Verified);
    }

    [Fact]
    public async Task an_event_whose_transaction_rolls_back_is_never_delivered()
    {
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        var endpoint = await app.Endpoint(company.Token, receiver, ["posting.closed"]);
        var rolledBack = Guid.NewGuid();
        var committed = Guid.NewGuid();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(rolledBack, new Marketplace.Domain.Postings.PostingClosed(rolledBack, company.Id, Marketplace.Domain.Postings.CloseReason.Cancelled, DateTimeOffset.UtcNow));
            // The same transaction also inserts a document that exists already: the insert fails, and the event's append
            // rolls back with it.
            session.Insert(new WebhookEndpointHealth { Id = endpoint });
            session.Insert(new WebhookEndpointHealth { Id = endpoint });
            await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        }
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(committed, new Marketplace.Domain.Postings.PostingClosed(committed, company.Id, Marketplace.Domain.Postings.CloseReason.Cancelled, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        (await receiver.Delivered(r => Text(r.Data, "postingId") == committed.ToString())).Count.ShouldBe(1);
        await Task.Delay(500);
        receiver.Received.ShouldNotContain(r => Text(r.Data, "postingId") == rolledBack.ToString());
    }
}
