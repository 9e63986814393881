using Microsoft.Extensions.DependencyInjection;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Text.Json;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>
/// Company teams held by the product (PRODUCT.md): the account that registers a company owns it once an administrator
/// approves it; owners and admins invite by email with a role, change roles and remove members; membership is read on
/// every request, so a change takes effect at the next one, with the same token.
/// </summary>
public class company_teams(AppFixture app)
{
    [Fact]
    public async Task an_account_registers_its_company_owns_it_once_approved_and_a_teammate_joins_through_the_mailed_invitation()
    {
        var owner = await app.SignedUp("owner");
        var requested = await app.RequestCompany(owner);
        requested.Data("registerCompany.company.awaitingApproval").GetBoolean().ShouldBeTrue();
        var company = Guid.Parse(requested.Data("registerCompany.company.id").GetString()!);
        (await app.Host.GraphQL("{ me { role company { id } } }", token: owner.Token)).Data("me.role").GetString()
            .ShouldBe("candidate", "an owner acts for the company only once it is approved");
        (await app.Invite(owner.Token, "someone@example.com", "RECRUITER")).ShouldFailWith("FORBIDDEN");

        (await app.Host.GraphQL("mutation($input: CompanyIdInput!) { approveCompany(input: $input) { company { awaitingApproval } } }",
            new { input = new { companyId = company } }, app.Token(Roles.Admin))).Data("approveCompany.company.awaitingApproval").GetBoolean().ShouldBeFalse();
        var me = await app.Host.GraphQL($"{{ me {{ role companyRole company {{ id }} team {{ {TeamScenarios.TeamFields} }} }} }}", token: owner.Token);
        me.Data("me.role").GetString().ShouldBe("company", "the same token, read again");
        me.Data("me.companyRole").GetString().ShouldBe("OWNER");
        me.Data("me.team.members").EnumerateArray().Single().GetProperty("email").GetString().ShouldBe(owner.Email);

        var recruiterEmail = $"recruiter-{Guid.NewGuid():N}@example.com";
        var invited = await app.Invite(owner.Token, recruiterEmail, "RECRUITER");
        invited.Data("inviteMember.team.invitations").EnumerateArray().Single().GetProperty("role").GetString().ShouldBe("RECRUITER");
        var mail = await app.Mail.Next(recruiterEmail, "You are invited to join Team Co");
        (mail.TextBody ?? "").ShouldContain("as a recruiter");
        var link = MailCatcher.LinkTo(mail, "/company/join/");

        // The invitee follows the link, signs up with the invited address, confirms it and comes back to accept.
        using var browser = Browser.For(app);
        var (_, page, _) = await browser.Get(link);
        page.ShouldContain($"href=\"{AccountPages.SignUpPath}?returnUrl={Uri.EscapeDataString(link)}\"");
        await browser.Submit($"{AccountPages.SignUpPath}?returnUrl={Uri.EscapeDataString(link)}", AccountPages.SignUpPath,
            new Dictionary<string, string> { ["email"] = recruiterEmail, ["password"] = CodeFlow.Password });
        var confirm = MailCatcher.LinkTo(await app.Mail.Next(recruiterEmail, "Confirm your Marketplace account"), AccountPages.ConfirmPath);
        confirm.ShouldContain($"returnUrl={Uri.EscapeDataString(link)}");
        (await browser.Get(confirm)).Body.ShouldContain("Sign in");
        var (_, _, back) = await browser.Submit($"{AccountPages.SignInPath}?returnUrl={Uri.EscapeDataString(link)}", AccountPages.SignInPath,
            new Dictionary<string, string> { ["email"] = recruiterEmail, ["password"] = CodeFlow.Password, ["returnUrl"] = link });
        back.ShouldBe(link);
        var (joined, _, to) = await browser.Submit(link, link, new Dictionary<string, string>());
        joined.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe("/company/team");
        var (_, team, _) = await browser.Get("/company/team");
        team.ShouldContain("You are recruiter of Team Co.");
        team.ShouldNotContain("Invite a teammate", Case.Sensitive, "a recruiter does not manage the team");

        var recruiter = await CodeFlow.AccessToken(browser, recruiterEmail);
        (await app.DraftPosting(recruiter, Scenarios.PostingInput())).Data("draftPosting.posting.company.id").GetString().ShouldBe(company.ToString());
        (await app.Invite(recruiter, "another@example.com", "ANALYST")).ShouldFailWith("FORBIDDEN");
    }

    [Fact]
    public async Task a_removed_member_s_next_request_is_forbidden_and_a_changed_role_applies_at_the_next_request()
    {
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var posting = await app.PublishedPosting(new TestCompany(team.CompanyId, "", recruiter.Token), ApplicationScenarios.Opening(openings: 3));
        var candidate = await app.RegisterCandidate();
        var application = await app.Applied(candidate, posting);

        (await app.MemberChange("changeMemberRole", team.Owner.Token, new { accountId = recruiter.Id, role = "ANALYST" }))
            .Data("changeMemberRole.team.members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == recruiter.Email)
            .GetProperty("role").GetString().ShouldBe("ANALYST");
        (await app.Move("advanceApplication", recruiter.Token, new { applicationId = application, toStage = "SCREENING" })).ShouldFailWith("FORBIDDEN");
        (await app.Host.GraphQL($"{{ hiringFunnel(filter: {{from: \"2026-01-01T00:00:00Z\", to: \"2027-01-01T00:00:00Z\", companyId: \"{team.CompanyId}\"}}) {{ groups {{ key }} }} }}",
            token: recruiter.Token)).Errors.ShouldBeEmpty("an analyst reads the company's funnel");

        (await app.MemberChange("changeMemberRole", team.Owner.Token, new { accountId = recruiter.Id, role = "HIRING_MANAGER" })).Errors.ShouldBeEmpty();
        (await app.Move("advanceApplication", recruiter.Token, new { applicationId = application, toStage = "SCREENING" }))
            .Data("advanceApplication.application.stage").GetString().ShouldBe("SCREENING", "a hiring manager moves the pipeline");
        (await app.DraftPosting(recruiter.Token, Scenarios.PostingInput())).ShouldFailWith("FORBIDDEN");

        (await app.MemberChange("removeMember", team.Owner.Token, new { accountId = recruiter.Id }))
            .Data("removeMember.team.members").EnumerateArray().Select(m => m.GetProperty("email").GetString()).ShouldBe([team.Owner.Email]);
        (await app.Move("advanceApplication", recruiter.Token, new { applicationId = application, toStage = "INTERVIEW" })).ShouldFailWith("FORBIDDEN");
        (await app.Application(application, recruiter.Token)).ShouldBeNull("a removed member no longer sees the company's applications");
        (await app.Host.GraphQL("{ me { role company { id } } }", token: recruiter.Token)).Data("me.role").GetString().ShouldBe("candidate");
    }

    [Fact]
    public async Task the_node_keeps_an_account_s_facts_until_a_change_to_them_commits()
    {
        var cache = app.Host.Services.GetRequiredService<AccountFactsCache>();
        await Eventually.Until(() => Task.FromResult(cache.IsListening), listening => listening);
        var team = await app.NewTeam();
        var recruiter = await app.Member(team, "RECRUITER");
        var key = $"id\n{recruiter.Id}";
        // A read is kept unless a notice arrived while it ran; other tests' commits may send some, so ask until it is.
        await Eventually.Until(async () =>
        {
            (await app.Host.GraphQL("{ me { companyRole } }", token: recruiter.Token)).Data("me.companyRole").GetString().ShouldBe("RECRUITER");
            return cache.Find(key);
        }, facts => facts is not null);
        cache.Find(key)!.Membership!.Companies.Single().Role.ShouldBe(Marketplace.Domain.Companies.CompanyRole.Recruiter);

        (await app.MemberChange("changeMemberRole", team.Owner.Token, new { accountId = recruiter.Id, role = "ANALYST" })).Errors.ShouldBeEmpty();
        cache.Find(key).ShouldBeNull("the commit that changed the role made the node forget");
        (await app.Host.GraphQL("{ me { companyRole } }", token: recruiter.Token)).Data("me.companyRole").GetString().ShouldBe("ANALYST");

        // A platform role granted through Identity (as the accounts verb does) is forgotten the same way.
        using (var scope = app.Host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Account>>();
            var roles = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole<Guid>>>();
            if (!await roles.RoleExistsAsync("analyst")) await roles.CreateAsync(new Microsoft.AspNetCore.Identity.IdentityRole<Guid>("analyst") { Id = Guid.CreateVersion7() });
            (await users.AddToRoleAsync((await users.FindByIdAsync(recruiter.Id.ToString()))!, "analyst")).Succeeded.ShouldBeTrue();
        }
        cache.Find(key).ShouldBeNull();
        (await app.Host.GraphQL("{ me { role } }", token: recruiter.Token)).Data("me.role").GetString().ShouldBe("analyst");
    }

    [Fact]
    public async Task only_the_invited_address_accepts_an_invitation_and_a_company_keeps_an_owner()
    {
        var team = await app.NewTeam();
        var stranger = await app.SignedUp("stranger");
        var invited = await app.Invite(team.Owner.Token, $"invited-{Guid.NewGuid():N}@example.com", "ADMIN");
        var invitation = invited.Data("inviteMember.team.invitations").EnumerateArray().Single().GetProperty("id").GetString()!;
        (await app.Join(stranger.Token, invitation)).ShouldFailWith("NOT_FOUND");
        (await app.Join(stranger.Token, Guid.NewGuid().ToString())).ShouldFailWith("NOT_FOUND");
        (await app.Join(app.Token(Roles.Candidate, Guid.NewGuid()), invitation)).ShouldFailWith("FORBIDDEN");

        var admin = await app.Member(team, "ADMIN");
        (await app.MemberChange("changeMemberRole", admin.Token, new { accountId = team.Owner.Id, role = "RECRUITER" })).ShouldFailWith("FORBIDDEN");
        (await app.MemberChange("removeMember", admin.Token, new { accountId = team.Owner.Id })).ShouldFailWith("FORBIDDEN");
        (await app.Invite(admin.Token, "co-owner@example.com", "OWNER")).ShouldFailWith("FORBIDDEN");
        (await app.MemberChange("changeMemberRole", team.Owner.Token, new { accountId = team.Owner.Id, role = "ADMIN" })).ShouldFailWith("RULE_VIOLATION");
        (await app.MemberChange("removeMember", team.Owner.Token, new { accountId = team.Owner.Id })).ShouldFailWith("RULE_VIOLATION");

        (await app.Invite(team.Owner.Token, "not an email", "RECRUITER")).ShouldFailWith("VALIDATION_FAILED");
        (await app.Invite(team.Owner.Token, admin.Email, "RECRUITER")).ShouldFailWith("RULE_VIOLATION");
        var unchanged = await app.Host.GraphQL($"{{ me {{ team {{ {TeamScenarios.TeamFields} }} }} }}", token: team.Owner.Token);
        unchanged.Data("me.team.members").GetArrayLength().ShouldBe(2);
        unchanged.Data("me.team.invitations").GetArrayLength().ShouldBe(1, "the refused invitations left nothing behind");
    }

    [Fact]
    public async Task a_member_of_two_companies_picks_one_per_request_with_the_company_header()
    {
        var first = await app.NewTeam();
        var second = await app.NewTeam();
        var person = await app.Member(first, "RECRUITER", "twice");
        var invitation = (await app.Invite(second.Owner.Token, person.Email, "ANALYST")).Data("inviteMember.team.invitations")
            .EnumerateArray().Single().GetProperty("id").GetString()!;
        (await app.Join(person.Token, invitation)).Errors.ShouldBeEmpty();

        (await app.Host.GraphQL("{ me { companyRole company { id } } }", token: person.Token)).Data("me.company.id").GetString()
            .ShouldBe(first.CompanyId.ToString(), "the company joined first, when none is named");
        var picked = await app.Host.GraphQL("{ me { companyRole company { id } } }", token: person.Token,
            headers: new Dictionary<string, string> { [AccountActor.CompanyHeader] = second.CompanyId.ToString() });
        picked.Data("me.company.id").GetString().ShouldBe(second.CompanyId.ToString());
        picked.Data("me.companyRole").GetString().ShouldBe("ANALYST");
        var elsewhere = await app.Host.GraphQL("{ me { role } }", token: person.Token,
            headers: new Dictionary<string, string> { [AccountActor.CompanyHeader] = Guid.NewGuid().ToString() });
        elsewhere.Data("me.role").GetString().ShouldBe("candidate", "a company the account is no member of gives it nothing");
    }

    [Fact]
    public async Task the_team_page_invites_changes_and_removes_and_refuses_a_forged_form()
    {
        var team = await app.NewTeam();
        var browser = team.Owner.Browser;
        var email = $"page-{Guid.NewGuid():N}@example.com";
        var (status, _, to) = await browser.Submit("/company/team", "/company/team",
            new Dictionary<string, string> { ["action"] = "invite", ["email"] = email, ["role"] = "HIRING_MANAGER" });
        status.ShouldBe(HttpStatusCode.Redirect);
        to.ShouldBe("/company/team");
        (await browser.Get("/company/team")).Body.ShouldContain(email);
        await app.Mail.Next(email, "You are invited");

        var (refused, body, _) = await browser.Submit("/company/team", "/company/team",
            new Dictionary<string, string> { ["action"] = "invite", ["email"] = "nobody", ["role"] = "RECRUITER" });
        refused.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("email must be an address");

        var forged = await browser.Post("/company/team", new Dictionary<string, string> { ["action"] = "invite", ["email"] = "forged@example.com", ["role"] = "OWNER" });
        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Get("/company/team")).Body.ShouldNotContain("forged@example.com");

        using var visitor = Browser.For(app);
        (await visitor.Get("/company/team")).Location.ShouldBe($"{AccountPages.SignInPath}?returnUrl=%2Fcompany%2Fteam");
    }
}
