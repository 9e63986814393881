using Marketplace.Api.Tests.Support;
using Marketplace.Api.Tests.Webhooks;
using Shouldly;

namespace Marketplace.Api.Tests.Security;

/// <summary>
/// What each company role and machine client may do in company X (PRODUCT.md, "Who uses it"), with real accounts of
/// the built-in provider and real client-credentials tokens: owners and admins everything; recruiters postings,
/// challenges, the pipeline, the talent pool and the funnel, not the team or clients; hiring managers the pipeline;
/// analysts the funnel; a client what its scopes say; a removed member and another company's owner nothing of X's.
/// </summary>
public class company_roles_matrix(AppFixture app)
{
    private static readonly string[] Callers =
        ["owner", "admin", "recruiter", "hiring manager", "analyst", "client (all scopes)", "client (postings)", "removed member", "owner of Y"];

    private sealed record Row(string Operation, Func<World, Task<(string Document, object? Variables)>> Build, string[] Expected, string Field);

    private sealed class World
    {
        public required TestTeam X { get; init; }
        public required TestCandidate Candidate { get; init; }
        public required Guid Posting { get; init; }
        public required Guid Draft { get; init; }
        public required Guid Application { get; init; }
        public required string[] Tokens { get; init; }
    }

    private static string[] E(params string[] outcomes) => outcomes;

    private static (string, object?) Mutation(string name, string inputType, object input, string selection = "__typename") =>
        ($"mutation($input: {inputType}!) {{ {name}(input: $input) {{ {selection} }} }}", new { input });

    private async Task<Guid> Fresh(World w, bool applied)
    {
        var company = new TestCompany(w.X.CompanyId, "", w.X.Owner.Token);
        if (!applied) return await app.DraftedPosting(company);
        return await app.Applied(w.Candidate, await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 5)));
    }

    private IEnumerable<Row> Rows() =>
    [
        new("draftPosting", _ => Task.FromResult(Mutation("draftPosting", "DraftPostingInput", Scenarios.PostingInput())),
            E("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "ok"), "draftPosting"),
        new("publishPosting", async w => Mutation("publishPosting", "PublishPostingInput", new { postingId = await Fresh(w, false) }),
            E("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN"), "publishPosting"),
        new("posting (draft)", w => Task.FromResult<(string, object?)>(($"{{ posting(id: \"{w.Draft}\") {{ id }} }}", null)),
            E("ok", "ok", "ok", "ok", "null", "ok", "ok", "null", "null"), "posting"),
        new("applications", w => Task.FromResult<(string, object?)>(($"{{ applications(postingId: \"{w.Posting}\") {{ totalCount }} }}", null)),
            E("ok", "ok", "ok", "ok", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"), "applications"),
        new("application", w => Task.FromResult<(string, object?)>(($"{{ application(id: \"{w.Application}\") {{ id }} }}", null)),
            E("ok", "ok", "ok", "ok", "null", "ok", "null", "null", "null"), "application"),
        new("advanceApplication", async w => Mutation("advanceApplication", "AdvanceApplicationInput", new { applicationId = await Fresh(w, true), toStage = "SCREENING" }),
            E("ok", "ok", "ok", "ok", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"), "advanceApplication"),
        new("draftChallenge", _ => Task.FromResult(Mutation("draftChallenge", "DraftChallengeInput", ChallengeScenarios.ChallengeInput())),
            E("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "ok"), "draftChallenge"),
        new("talentPool", _ => Task.FromResult<(string, object?)>(("{ talentPool(skill: \"microservices\") { totalCount } }", null)),
            E("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "ok"), "talentPool"),
        // The talent pool's members, for one of X's postings: another company's owner is told it does not exist.
        new("recommendedCandidates", w => Task.FromResult<(string, object?)>(($"{{ recommendedCandidates(postingId: \"{w.Posting}\") {{ handle }} }}", null)),
            E("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"), "recommendedCandidates"),
        new("hiringFunnel", w => Task.FromResult<(string, object?)>(($"{{ hiringFunnel(filter: {{from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\", companyId: \"{w.X.CompanyId}\"}}) {{ groups {{ key }} }} }}", null)),
            E("ok", "ok", "ok", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"), "hiringFunnel"),
        new("hiringFunnelCsv", w => Task.FromResult<(string, object?)>(($"{{ hiringFunnelCsv(filter: {{from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\", companyId: \"{w.X.CompanyId}\"}}) {{ url }} }}", null)),
            E("ok", "ok", "ok", "FORBIDDEN", "ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"), "hiringFunnelCsv"),
        new("inviteMember", _ => Task.FromResult(Mutation("inviteMember", "InviteMemberInput", new { email = $"m-{Guid.NewGuid():N}@example.com", role = "ANALYST" })),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"), "inviteMember"),
        new("createApiClient", _ => Task.FromResult(Mutation("createApiClient", "CreateApiClientInput", new { name = "Matrix", scopes = new[] { "funnel" } }, "clientSecret")),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"), "createApiClient"),
        // Team and client changes on objects that do not exist: the managers get past authorization to the answer for it.
        new("changeMemberRole", _ => Task.FromResult(Mutation("changeMemberRole", "ChangeMemberRoleInput", new { accountId = Guid.NewGuid(), role = "ADMIN" })),
            E("NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"), "changeMemberRole"),
        new("removeMember", _ => Task.FromResult(Mutation("removeMember", "RemoveMemberInput", new { accountId = Guid.NewGuid() })),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"), "removeMember"),
        new("cancelMemberInvitation", _ => Task.FromResult(Mutation("cancelMemberInvitation", "TeamInvitationIdInput", new { invitationId = Guid.NewGuid() })),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok"), "cancelMemberInvitation"),
        new("joinCompany", _ => Task.FromResult(Mutation("joinCompany", "TeamInvitationIdInput", new { invitationId = Guid.NewGuid() })),
            E("NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND"), "joinCompany"),
        new("rotateApiClientSecret", _ => Task.FromResult(Mutation("rotateApiClientSecret", "ApiClientIdInput", new { clientId = "mc_none" }, "clientSecret")),
            E("VALIDATION_FAILED", "VALIDATION_FAILED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "VALIDATION_FAILED"), "rotateApiClientSecret"),
        new("revokeApiClient", _ => Task.FromResult(Mutation("revokeApiClient", "ApiClientIdInput", new { clientId = "mc_none" }, "revoked")),
            E("VALIDATION_FAILED", "VALIDATION_FAILED", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "VALIDATION_FAILED"), "revokeApiClient"),
        new("createWebhookEndpoint", _ => Task.FromResult(Mutation("createWebhookEndpoint", "CreateWebhookEndpointInput",
                new { url = "https://hooks.example.com/matrix", eventTypes = new[] { "application.received" } }, "signingSecret")),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "ok"), "createWebhookEndpoint"),
        new("webhookEndpoints", _ => Task.FromResult<(string, object?)>(("{ webhookEndpoints { id } }", null)),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "ok"), "webhookEndpoints"),
        new("replayWebhookDeliveries", async w => Mutation("replayWebhookDeliveries", "ReplayWebhookDeliveriesInput",
                new { endpointId = await app.WebhookEndpointOf(w.X.Owner.Token), since = "2026-01-01T00:00:00Z" }, "replayed"),
            E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND"), "replayWebhookDeliveries"),
        new("me.team", _ => Task.FromResult<(string, object?)>(("{ me { team { version } } }", null)),
            E("ok", "ok", "ok", "ok", "ok", "null", "null", "null", "ok"), "me.team"),
    ];

    private async Task<World> Build()
    {
        var x = await app.NewTeam();
        var admin = await app.Member(x, "ADMIN");
        var recruiter = await app.Member(x, "RECRUITER");
        var manager = await app.Member(x, "HIRING_MANAGER");
        var analyst = await app.Member(x, "ANALYST");
        var removed = await app.Member(x, "RECRUITER", "removed");
        (await app.MemberChange("removeMember", x.Owner.Token, new { accountId = removed.Id })).Errors.ShouldBeEmpty();
        var y = await app.NewTeam();
        async Task<string> Client(params string[] scopes)
        {
            var created = await app.CreateApiClient(x.Owner.Token, "Matrix client", scopes);
            var (_, token, _) = await app.ClientToken(created.Data("createApiClient.client.clientId").GetString()!, created.Data("createApiClient.clientSecret").GetString()!);
            return token!;
        }
        var company = new TestCompany(x.CompanyId, "", x.Owner.Token);
        var candidate = await app.RegisterCandidate("Matrix candidate", discoverable: true);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 50));
        return new World
        {
            X = x, Candidate = candidate, Posting = posting, Draft = await app.DraftedPosting(company),
            Application = await app.Applied(candidate, posting),
            Tokens = [x.Owner.Token, admin.Token, recruiter.Token, manager.Token, analyst.Token,
                await Client("postings", "pipeline", "challenges", "talent", "funnel", "webhooks"), await Client("postings"), removed.Token, y.Owner.Token],
        };
    }

    [Fact]
    public async Task each_company_role_and_client_answers_as_the_matrix_says()
    {
        var world = await Build();
        var mismatches = new List<string>();
        foreach (var row in Rows())
            for (var caller = 0; caller < Callers.Length; caller++)
            {
                var (document, variables) = await row.Build(world);
                var response = await app.Host.GraphQL(document, variables, world.Tokens[caller]);
                var actual = Outcome(response, row.Field);
                if (actual != row.Expected[caller])
                    mismatches.Add($"{row.Operation} as {Callers[caller]}: expected {row.Expected[caller]}, got {actual} ({response.Body[..Math.Min(200, response.Body.Length)]})");
            }
        mismatches.ShouldBeEmpty();
    }

    private static string Outcome(GraphQLResponse response, string field)
    {
        if (response.Errors.Count > 0) return response.Errors[0].GetProperty("extensions").GetProperty("code").GetString()!;
        var value = response.Json.GetProperty("data");
        foreach (var part in field.Split('.')) value = value.GetProperty(part);
        return value.ValueKind == System.Text.Json.JsonValueKind.Null ? "null" : "ok";
    }
}
