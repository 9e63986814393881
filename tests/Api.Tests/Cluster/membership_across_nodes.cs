using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Cluster;

/// <summary>
/// Each node caches an account's facts; a change committed through another node reaches it through PostgreSQL's
/// notifications, so a member removed through node B is refused at their next request to node A, where their facts
/// were cached a moment before (docs/adr/0026).
/// </summary>
[Collection(nameof(ClusterCollection))]
public class membership_across_nodes(AppFixture app)
{
    [Fact]
    public async Task a_member_removed_through_one_node_is_forbidden_at_once_on_another_that_had_cached_them()
    {
        var nodes = await ApiProcess.StartCluster(2);
        await using var a = nodes[0];
        await using var b = nodes[1];
        using var http = new HttpClient();
        async Task<JsonElement> Send(ApiProcess node, string? token, string query, object? variables = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/graphql") { Content = JsonContent.Create(new { query, variables }) };
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        // Tokens are issued for the node they were asked of: the owner works through B, the member through A.
        var ownerEmail = $"owner-{Guid.NewGuid():N}@example.com";
        using var ownerBrowser = CodeFlow.BrowserFor(b);
        await CodeFlow.SignUpAndConfirm(ownerBrowser, app.Mail, ownerEmail);
        var owner = await CodeFlow.AccessToken(ownerBrowser, ownerEmail);
        var memberEmail = $"member-{Guid.NewGuid():N}@example.com";
        using var memberBrowser = CodeFlow.BrowserFor(a);
        await CodeFlow.SignUpAndConfirm(memberBrowser, app.Mail, memberEmail);
        var member = await CodeFlow.AccessToken(memberBrowser, memberEmail);

        var company = (await Send(b, owner, "mutation { registerCompany(input: {name: \"Nodes Co\", slug: \"nodes-" + Guid.NewGuid().ToString("N")[..8] + "\"}) { company { id } } }"))
            .GetProperty("data").GetProperty("registerCompany").GetProperty("company").GetProperty("id").GetString();
        await Send(b, app.Token("admin"), "mutation($i: CompanyIdInput!) { approveCompany(input: $i) { company { id } } }", new { i = new { companyId = company } });
        var invitation = (await Send(b, owner, "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { team { invitations { id } } } }",
            new { i = new { email = memberEmail, role = "RECRUITER" } })).GetProperty("data").GetProperty("inviteMember").GetProperty("team").GetProperty("invitations")[0].GetProperty("id").GetString();
        await Send(a, member, "mutation($i: TeamInvitationIdInput!) { joinCompany(input: $i) { company { id } } }", new { i = new { invitationId = invitation } });

        const string draft = "mutation { draftPosting(input: {title: \"Backend Engineer\", role: \"Backend Engineer\", seniority: MID, skills: [\"microservices\"], remotePolicy: REMOTE, description: \"Build and run the services that take orders.\"}) { posting { id } } }";
        for (var i = 0; i < 3; i++)
        {
            var drafted = await Send(a, member, draft);
            drafted.TryGetProperty("errors", out _).ShouldBeFalse($"a recruiter drafts postings; node A now has the member's facts: {drafted}");
        }
        var memberId = (await Send(b, owner, "{ me { team { members { accountId email } } } }")).GetProperty("data").GetProperty("me").GetProperty("team")
            .GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == memberEmail).GetProperty("accountId").GetString();

        await Send(b, owner, "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { team { version } } }", new { i = new { accountId = memberId } });
        var refused = await Send(a, member, draft);
        refused.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("FORBIDDEN", "node A forgot the member's facts when B committed the removal");
    }
}
