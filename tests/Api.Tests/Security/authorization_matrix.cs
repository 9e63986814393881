using GraphQL.Types;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marketplace.Api.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Security;

/// <summary>
/// Every query field and mutation × eight callers, each cell with its expected outcome: "ok", "null" (a denied or
/// absent single object), or the error code. Mutations run against fresh objects built for each cell, so allowed
/// cells do not disturb the others. A field added to the schema without a row fails the test.
/// </summary>
public class authorization_matrix(AppFixture app)
{
    private static readonly string[] Callers = ["anonymous", "candidate A", "candidate B", "company X", "company Y", "analyst of X", "platform analyst", "admin"];

    private sealed record Request(string Document, object? Variables = null);

    private sealed record Row(string Field, Func<World, Task<Request>> Build, string[] Expected);

    private sealed class World
    {
        public required TestCompany X { get; init; }
        public required TestCompany Y { get; init; }
        public required TestCandidate A { get; init; }
        public required TestCandidate B { get; init; }
        public required Guid Posting { get; init; }
        public required Guid DraftPosting { get; init; }
        public required Guid Challenge { get; init; }
        public required Guid DraftChallenge { get; init; }
        public required Guid Submission { get; init; }
        public required Guid Application { get; init; }
        public required Guid WebhookEndpoint { get; init; }
        public required string[] Tokens { get; init; }
    }

    private static string[] E(string anon, string a, string b, string x, string y, string anX, string anP, string admin) => [anon, a, b, x, y, anX, anP, admin];

    private static readonly string[] OnlyX = E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
    private static readonly string[] OnlyA = E("UNAUTHENTICATED", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");

    // Application and submission ids derive from ids others can know: someone else's answers as not found.
    private static readonly string[] ApplicationOfX = E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
    private static readonly string[] ApplicationOfA = E("UNAUTHENTICATED", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
    private static readonly string[] Candidates = E("UNAUTHENTICATED", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
    // A webhook endpoint of X: another company's answers as not found (no existence leak).
    private static readonly string[] WebhookOfX = E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
    private static readonly string[] Public = E("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok");
    private static readonly string[] NoAccount = E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");

    private static Request Mutation(string name, string inputType, object input, string selection = "__typename") =>
        new($"mutation($input: {inputType}!) {{ {name}(input: $input) {{ {selection} }} }}", new { input });

    private async Task<Guid> FreshApplication(World w, bool offer = false)
    {
        var posting = await app.PublishedPosting(w.X, ApplicationScenarios.Opening(openings: 5));
        var id = await app.Applied(w.A, posting);
        if (offer) (await app.Move("extendOffer", w.X.Token, new { applicationId = id })).Data();
        return id;
    }

    private async Task<string> FreshInvitation(World w)
    {
        var posting = await app.PublishedPosting(w.X, ApplicationScenarios.Opening());
        return (await app.Host.GraphQL("mutation($input: InviteCandidateInput!) { inviteCandidate(input: $input) { invitation { id } } }",
            new { input = new { postingId = posting, candidateId = w.A.Id } }, w.X.Token)).Data("inviteCandidate.invitation.id").GetString()!;
    }

    private IEnumerable<Row> Rows() =>
    [
        new("skills", _ => Task.FromResult(new Request("{ skills { slug } }")), Public),
        new("skill", _ => Task.FromResult(new Request("{ skill(slug: \"microservices\") { slug } }")), Public),
        new("postings", _ => Task.FromResult(new Request("{ postings { totalCount } }")), Public),
        new("posting", w => Task.FromResult(new Request($"{{ posting(id: \"{w.DraftPosting}\") {{ id }} }}")), E("null", "null", "null", "ok", "null", "null", "null", "ok")),
        new("challenges", _ => Task.FromResult(new Request("{ challenges { totalCount } }")), Public),
        new("challenge", w => Task.FromResult(new Request($"{{ challenge(id: \"{w.DraftChallenge}\") {{ id }} }}")), E("null", "null", "null", "ok", "null", "null", "null", "null")),
        new("submission", w => Task.FromResult(new Request($"{{ submission(id: \"{w.Submission}\") {{ id }} }}")), E("null", "ok", "null", "ok", "null", "null", "null", "null")),
        new("application", w => Task.FromResult(new Request($"{{ application(id: \"{w.Application}\") {{ id }} }}")), E("null", "ok", "null", "ok", "null", "null", "null", "null")),
        new("applications", w => Task.FromResult(new Request($"{{ applications(postingId: \"{w.Posting}\") {{ totalCount }} }}")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("talentPool", _ => Task.FromResult(new Request("{ talentPool(skill: \"microservices\") { totalCount } }")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok")),
        // For one of X's postings: another company is told it does not exist; administrators do not search talent.
        new("recommendedCandidates", w => Task.FromResult(new Request($"{{ recommendedCandidates(postingId: \"{w.Posting}\") {{ handle }} }}")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("hiringFunnel", w => Task.FromResult(new Request($"{{ hiringFunnel(filter: {{from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\", companyId: \"{w.X.Id}\"}}) {{ groups {{ key }} }} }}")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "ok", "ok", "ok")),
        // The download link of the same answer: exactly the callers of hiringFunnel.
        new("hiringFunnelCsv", w => Task.FromResult(new Request($"{{ hiringFunnelCsv(filter: {{from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\", companyId: \"{w.X.Id}\"}}) {{ url }} }}")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "ok", "ok", "ok")),
        new("me", _ => Task.FromResult(new Request("{ me { role } }")), E("null", "ok", "ok", "ok", "ok", "ok", "ok", "ok")),
        new("deadLetters", _ => Task.FromResult(new Request("{ deadLetters { totalCount } }")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok")),
        new("replayDeadLetters", _ => Task.FromResult(Mutation("replayDeadLetters", "ReplayDeadLettersInput", new { ids = new[] { Guid.NewGuid() } }, "replayed")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok")),

        new("registerCompany", _ => Task.FromResult(Mutation("registerCompany", "RegisterCompanyInput", new { name = "Matrix Co", slug = "mx-" + Guid.NewGuid().ToString("N")[..10] })),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok")),
        // Team and client changes are made by people signed in with an account (company_roles_matrix covers them);
        // the development tokens of this matrix name no account, so each is turned away.
        new("approveCompany", w => Task.FromResult(Mutation("approveCompany", "CompanyIdInput", new { companyId = w.X.Id }, "company { id }")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok")),
        new("inviteMember", _ => Task.FromResult(Mutation("inviteMember", "InviteMemberInput", new { email = "matrix@example.com", role = "RECRUITER" })), NoAccount),
        new("cancelMemberInvitation", _ => Task.FromResult(Mutation("cancelMemberInvitation", "TeamInvitationIdInput", new { invitationId = Guid.NewGuid() })), NoAccount),
        new("changeMemberRole", _ => Task.FromResult(Mutation("changeMemberRole", "ChangeMemberRoleInput", new { accountId = Guid.NewGuid(), role = "ADMIN" })), NoAccount),
        new("removeMember", _ => Task.FromResult(Mutation("removeMember", "RemoveMemberInput", new { accountId = Guid.NewGuid() })), NoAccount),
        new("joinCompany", _ => Task.FromResult(Mutation("joinCompany", "TeamInvitationIdInput", new { invitationId = Guid.NewGuid() })), NoAccount),
        new("createApiClient", _ => Task.FromResult(Mutation("createApiClient", "CreateApiClientInput", new { name = "Matrix", scopes = new[] { "postings" } }, "clientSecret")), NoAccount),
        new("rotateApiClientSecret", _ => Task.FromResult(Mutation("rotateApiClientSecret", "ApiClientIdInput", new { clientId = "mc_none" }, "clientSecret")), NoAccount),
        new("revokeApiClient", _ => Task.FromResult(Mutation("revokeApiClient", "ApiClientIdInput", new { clientId = "mc_none" }, "revoked")), NoAccount),
        new("registerCandidate", _ => Task.FromResult(Mutation("registerCandidate", "RegisterCandidateInput", new { displayName = "Again", email = "again@example.com" })),
            E("UNAUTHENTICATED", "RULE_VIOLATION", "RULE_VIOLATION", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("updateCandidateProfile", _ => Task.FromResult(Mutation("updateCandidateProfile", "UpdateCandidateProfileInput", new { headline = "Updated" })), Candidates),
        new("draftPosting", _ => Task.FromResult(Mutation("draftPosting", "DraftPostingInput", Scenarios.PostingInput())),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("revisePosting", async w => Mutation("revisePosting", "RevisePostingInput", new { postingId = await app.DraftedPosting(w.X), title = "Revised title" }), OnlyX),
        new("publishPosting", async w => Mutation("publishPosting", "PublishPostingInput", new { postingId = await app.DraftedPosting(w.X) }), OnlyX),
        new("closePosting", async w => Mutation("closePosting", "ClosePostingInput", new { postingId = await app.PublishedPosting(w.X), reason = "CANCELLED" }), OnlyX),
        new("reopenPosting", async w =>
        {
            var posting = await app.PublishedPosting(w.X);
            await app.Lifecycle("closePosting", w.X.Token, new { postingId = posting, reason = "CANCELLED" });
            return Mutation("reopenPosting", "ReopenPostingInput", new { postingId = posting });
        }, OnlyX),
        new("draftChallenge", _ => Task.FromResult(Mutation("draftChallenge", "DraftChallengeInput", ChallengeScenarios.ChallengeInput())),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok")),
        new("reviseChallenge", async w => Mutation("reviseChallenge", "ReviseChallengeInput", new { challengeId = await app.PublishedChallenge(w.X.Token), title = "Revised challenge" }), OnlyX),
        new("publishChallenge", async w => Mutation("publishChallenge", "ChallengeIdInput",
            new { challengeId = (await app.DraftChallenge(w.X.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge.id").GetString() }), OnlyX),
        new("closeChallenge", async w => Mutation("closeChallenge", "ChallengeIdInput", new { challengeId = await app.PublishedChallenge(w.X.Token) }), OnlyX),
        new("submitToChallenge", async w => Mutation("submitToChallenge", "SubmitToChallengeInput", new { challengeId = await app.PublishedChallenge(w.X.Token), content = "Matrix work." }), Candidates),
        new("withdrawSubmission", async w =>
        {
            var id = (await app.Submit(w.A.Token, await app.PublishedChallenge(w.X.Token), "To withdraw.")).Data("submitToChallenge.submission.id").GetString();
            return Mutation("withdrawSubmission", "SubmissionIdInput", new { submissionId = id });
        }, ApplicationOfA),
        new("reviewSubmissionFlag", w => Task.FromResult(Mutation("reviewSubmissionFlag", "ReviewFlagInput", new { submissionId = w.Submission, confirmed = false })),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "RULE_VIOLATION", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND")),
        new("applyToPosting", async w => Mutation("applyToPosting", "ApplyToPostingInput", new { postingId = await app.PublishedPosting(w.X, ApplicationScenarios.Opening()) }), Candidates),
        new("advanceApplication", async w => Mutation("advanceApplication", "AdvanceApplicationInput", new { applicationId = await FreshApplication(w), toStage = "SCREENING" }), ApplicationOfX),
        new("rejectApplication", async w => Mutation("rejectApplication", "RejectApplicationInput", new { applicationId = await FreshApplication(w), reason = "OTHER" }), ApplicationOfX),
        new("extendOffer", async w => Mutation("extendOffer", "ApplicationIdInput", new { applicationId = await FreshApplication(w) }), ApplicationOfX),
        new("withdrawApplication", async w => Mutation("withdrawApplication", "ApplicationIdInput", new { applicationId = await FreshApplication(w) }), ApplicationOfA),
        new("acceptOffer", async w => Mutation("acceptOffer", "ApplicationIdInput", new { applicationId = await FreshApplication(w, offer: true) }), ApplicationOfA),
        new("declineOffer", async w => Mutation("declineOffer", "ApplicationIdInput", new { applicationId = await FreshApplication(w, offer: true) }), ApplicationOfA),
        new("inviteCandidate", async w => Mutation("inviteCandidate", "InviteCandidateInput", new { postingId = await app.PublishedPosting(w.X, ApplicationScenarios.Opening()), candidateId = w.A.Id }), OnlyX),
        new("acceptInvitation", async w => Mutation("acceptInvitation", "InvitationIdInput", new { invitationId = await FreshInvitation(w) }),
            E("UNAUTHENTICATED", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("declineInvitation", async w => Mutation("declineInvitation", "InvitationIdInput", new { invitationId = await FreshInvitation(w) }),
            E("UNAUTHENTICATED", "ok", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("webhookEventTypes", _ => Task.FromResult(new Request("{ webhookEventTypes { type } }")), Public),
        new("webhookEndpoints", _ => Task.FromResult(new Request("{ webhookEndpoints { id } }")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("webhookEndpoint", w => Task.FromResult(new Request($"{{ webhookEndpoint(id: \"{w.WebhookEndpoint}\") {{ id }} }}")),
            E("null", "null", "null", "ok", "null", "null", "null", "null")),
        new("createWebhookEndpoint", _ => Task.FromResult(Mutation("createWebhookEndpoint", "CreateWebhookEndpointInput",
                new { url = "https://hooks.example.com/matrix", eventTypes = new[] { "posting.closed" } }, "signingSecret")),
            E("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
        new("updateWebhookEndpoint", w => Task.FromResult(Mutation("updateWebhookEndpoint", "UpdateWebhookEndpointInput",
            new { endpointId = w.WebhookEndpoint, enabled = false }, "endpoint { status }")), WebhookOfX),
        new("deleteWebhookEndpoint", async w => Mutation("deleteWebhookEndpoint", "WebhookEndpointIdInput",
            new { endpointId = await app.WebhookEndpointOf(w.X.Token) }, "deleted"), WebhookOfX),
        new("rotateWebhookSecret", w => Task.FromResult(Mutation("rotateWebhookSecret", "RotateWebhookSecretInput",
            new { endpointId = w.WebhookEndpoint }, "signingSecret")), WebhookOfX),
        new("sendTestWebhook", w => Task.FromResult(Mutation("sendTestWebhook", "WebhookEndpointIdInput",
            new { endpointId = w.WebhookEndpoint }, "delivery { id }")), WebhookOfX),
        new("replayWebhookDelivery", async w =>
        {
            var delivery = (await app.WebhookMutation("sendTestWebhook", "WebhookEndpointIdInput", w.X.Token, new { endpointId = w.WebhookEndpoint }, "delivery { id }"))
                .Data("sendTestWebhook.delivery.id").GetString();
            return Mutation("replayWebhookDelivery", "ReplayWebhookDeliveryInput", new { deliveryId = delivery }, "delivery { id }");
        }, WebhookOfX),
        new("replayWebhookDeliveries", w => Task.FromResult(Mutation("replayWebhookDeliveries", "ReplayWebhookDeliveriesInput",
            new { endpointId = w.WebhookEndpoint, since = "2026-01-01T00:00:00Z" }, "replayed")), WebhookOfX),
        // Erasure is asked without confirmation: candidates get past authorization to the input check, nothing is erased.
        new("eraseMyData", _ => Task.FromResult(Mutation("eraseMyData", "EraseMyDataInput", new { confirm = false }, "erased")),
            E("UNAUTHENTICATED", "VALIDATION_FAILED", "VALIDATION_FAILED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN")),
    ];

    private async Task<World> Build()
    {
        var x = await app.RegisterCompany();
        var y = await app.RegisterCompany();
        var a = await app.RegisterCandidate("Candidate A", discoverable: true);
        var b = await app.RegisterCandidate("Candidate B");
        var posting = await app.PublishedPosting(x, ApplicationScenarios.Opening());
        var challenge = await app.PublishedChallenge(x.Token);
        var submission = Guid.Parse((await app.Submit(a.Token, challenge, ChallengeScenarios.GoodWork)).Data("submitToChallenge.submission.id").GetString()!);
        await app.Settled(submission, a.Token);
        await Eventually.Until(async () => (await app.Host.GraphQL("{ talentPool(skill: \"microservices\", first: 100) { edges { node { candidateId } } } }", token: x.Token)).Body,
            body => body.Contains(a.Id.ToString()));
        return new World
        {
            X = x, Y = y, A = a, B = b, Posting = posting, Challenge = challenge, Submission = submission,
            DraftPosting = await app.DraftedPosting(x),
            DraftChallenge = Guid.Parse((await app.DraftChallenge(x.Token, ChallengeScenarios.ChallengeInput())).Data("draftChallenge.challenge.id").GetString()!),
            Application = await app.Applied(a, posting),
            WebhookEndpoint = await app.WebhookEndpointOf(x.Token),
            Tokens = ["", a.Token, b.Token, x.Token, y.Token, app.Token(Roles.Analyst, company: x.Id), app.Token(Roles.Analyst), app.Token(Roles.Admin)],
        };
    }

    [Fact]
    public async Task every_field_and_mutation_answers_each_caller_as_the_matrix_says()
    {
        var schema = app.Host.Services.GetRequiredService<ISchema>();
        var fields = schema.Query.Fields.Select(f => f.Name).Concat(schema.Mutation!.Fields.Select(f => f.Name)).Where(n => !n.StartsWith("__")).ToList();
        var rows = Rows().ToList();
        fields.Except(rows.Select(r => r.Field)).ShouldBeEmpty("every query field and mutation needs a row in the authorization matrix");

        var world = await Build();
        var mismatches = new List<string>();
        foreach (var row in rows)
            for (var caller = 0; caller < Callers.Length; caller++)
            {
                var request = await row.Build(world);
                var response = await app.Host.GraphQL(request.Document, request.Variables, caller == 0 ? null : world.Tokens[caller]);
                var actual = Outcome(response, row.Field);
                if (actual != row.Expected[caller]) mismatches.Add($"{row.Field} as {Callers[caller]}: expected {row.Expected[caller]}, got {actual} ({response.Body[..Math.Min(200, response.Body.Length)]})");
            }
        mismatches.ShouldBeEmpty();
    }

    private static string Outcome(GraphQLResponse response, string field)
    {
        if (response.Errors.Count > 0) return response.Errors[0].GetProperty("extensions").GetProperty("code").GetString()!;
        return response.Json.GetProperty("data").GetProperty(field).ValueKind == System.Text.Json.JsonValueKind.Null ? "null" : "ok";
    }
}
