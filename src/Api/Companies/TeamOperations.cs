using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Companies;

public sealed class CompanyRoleType : EnumerationGraphType<CompanyRole> { public CompanyRoleType() => Name = "CompanyRole"; }

public sealed class TeamMemberType : ObjectGraphType<TeamMember>
{
    public TeamMemberType()
    {
        Name = "TeamMember";
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field(x => x.Email);
        Field<NonNullGraphType<CompanyRoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<DateTimeScalar>>("joinedAt").Resolve(c => c.Source.JoinedAt);
    }
}

public sealed class TeamInvitationType : ObjectGraphType<TeamInvitation>
{
    public TeamInvitationType()
    {
        Name = "TeamInvitation";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.InvitationId);
        Field(x => x.Email);
        Field<NonNullGraphType<CompanyRoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<DateTimeScalar>>("expiresAt").Resolve(c => c.Source.ExpiresAt);
    }
}

public sealed class CompanyTeamType : ObjectGraphType<CompanyTeam>
{
    public CompanyTeamType()
    {
        Name = "CompanyTeam";
        Description = "A company's members, and the invitations not yet accepted (shown to its owners and admins).";
        Field<NonNullGraphType<IdGraphType>>("companyId").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamMemberType>>>>("members").Resolve(c => c.Source.Members);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamInvitationType>>>>("invitations")
            .Resolve(c => c.Actor().Capabilities.HasFlag(CompanyCapabilities.Team) ? c.Source.Invitations : []);
    }
}

public sealed class TeamPayloadType : ObjectGraphType<CompanyTeam>
{
    public TeamPayloadType()
    {
        Name = "TeamPayload";
        Field<NonNullGraphType<CompanyTeamType>>("team").Resolve(c => c.Source);
    }
}

public sealed class CompanyIdInput : IIdempotentInput
{
    public string CompanyId { get; set; } = "";
    public string? IdempotencyKey { get; set; }
}

public sealed class CompanyIdInputType : InputObjectGraphType<CompanyIdInput>
{
    public CompanyIdInputType()
    {
        Name = "CompanyIdInput";
        Field<NonNullGraphType<IdGraphType>>("companyId");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class InviteMemberInput : IIdempotentInput
{
    public string Email { get; set; } = "";
    public CompanyRole Role { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class InviteMemberInputType : InputObjectGraphType<InviteMemberInput>
{
    public InviteMemberInputType()
    {
        Name = "InviteMemberInput";
        Field<NonNullGraphType<StringGraphType>>("email").Description("Where the invitation is mailed; only an account with this confirmed email can accept it.");
        Field<NonNullGraphType<CompanyRoleType>>("role");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class MemberInput : IIdempotentInput
{
    public string AccountId { get; set; } = "";
    public CompanyRole? Role { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class ChangeMemberRoleInputType : InputObjectGraphType<MemberInput>
{
    public ChangeMemberRoleInputType()
    {
        Name = "ChangeMemberRoleInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
        Field<NonNullGraphType<CompanyRoleType>>("role");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class RemoveMemberInputType : InputObjectGraphType<MemberInput>
{
    public RemoveMemberInputType()
    {
        Name = "RemoveMemberInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed class TeamInvitationIdInput : IIdempotentInput
{
    public string InvitationId { get; set; } = "";
    public string? IdempotencyKey { get; set; }
}

public sealed class TeamInvitationIdInputType : InputObjectGraphType<TeamInvitationIdInput>
{
    public TeamInvitationIdInputType()
    {
        Name = "TeamInvitationIdInput";
        Field<NonNullGraphType<IdGraphType>>("invitationId");
        MutationInputs.IdempotencyKey(this);
    }
}

/// <summary>
/// A company's team (PRODUCT.md): an account registers a company and owns it once an administrator approves it (an
/// administrator's own registration is approved at once, and may invite an owner); owners and admins invite by email
/// with a role, change roles and remove members; the invitee accepts with the account of that email.
/// </summary>
public static class TeamOperations
{
    public static void AddTeamMutations(this ObjectGraphType mutation)
    {
        mutation.Mutation<CompanyPayloadType, CompanyIdInputType>("approveCompany", "Approves a company an account registered; its registrant becomes its owner (administrators only).")
            .Authorise(actor => actor.RequireAdmin())
            .Input<CompanyIdInput>()
            .Sends((_, input, _) =>
            {
                var id = Ids.Parse("companyId", input.CompanyId);
                return Command.About(id, new ApproveCompany(id));
            })
            .Answers(LoadCompany);

        mutation.Mutation<TeamPayloadType, InviteMemberInputType>("inviteMember", "Invites someone by email to the caller's company with a role (owners and admins).")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Team), By: RequireAccount(actor)))
            .Input<InviteMemberInput>()
            .Sends((c, input, caller) => Command.About(caller.Company,
                new InviteMember(caller.Company, Guid.NewGuid(), input.Email, input.Role, caller.By, Site(c))))
            .Answers(LoadTeam);

        mutation.Mutation<TeamPayloadType, TeamInvitationIdInputType>("cancelMemberInvitation", "Withdraws an invitation not yet accepted (owners and admins).")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Team), By: RequireAccount(actor)))
            .Input<TeamInvitationIdInput>()
            .Sends((_, input, caller) => Command.About(caller.Company,
                new CancelMemberInvitation(caller.Company, Ids.Parse("invitationId", input.InvitationId), caller.By)))
            .Answers(LoadTeam);

        mutation.Mutation<TeamPayloadType, ChangeMemberRoleInputType>("changeMemberRole", "Gives a member another role (owners and admins; only an owner makes or unmakes an owner).")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Team), By: RequireAccount(actor)))
            .Input<MemberInput>()
            .Sends((_, input, caller) => Command.About(caller.Company,
                new ChangeMemberRole(caller.Company, Ids.Parse("accountId", input.AccountId), input.Role!.Value, caller.By)))
            .Answers(LoadTeam);

        mutation.Mutation<TeamPayloadType, RemoveMemberInputType>("removeMember", "Removes a member: their next request has no access to the company (owners and admins).")
            .Authorise(actor => (Company: actor.RequireCompanyMember(CompanyCapabilities.Team), By: RequireAccount(actor)))
            .Input<MemberInput>()
            .Sends((_, input, caller) => Command.About(caller.Company,
                new RemoveMember(caller.Company, Ids.Parse("accountId", input.AccountId), caller.By)))
            .Answers(LoadTeam);

        mutation.Mutation<CompanyPayloadType, TeamInvitationIdInputType>("joinCompany", "Accepts an invitation sent to your account's confirmed email.")
            .Authorise(RequireAccount)
            .Input<TeamInvitationIdInput>()
            .Sends(async (c, input, account) =>
            {
                var invitation = Ids.Parse("invitationId", input.InvitationId);
                var email = await ConfirmedEmail(c, account);
                var team = await c.Service<IQuerySession>().Query<CompanyTeam>()
                    .Where(t => t.Invitations.Any(i => i.InvitationId == invitation)).FirstOrDefaultAsync(c.CancellationToken);
                if (team is null) throw new NotFound("Invitation", invitation);
                return Command.About(team.Id, new JoinCompany(team.Id, invitation, account, email));
            })
            .Answers(LoadCompany);
    }

    public static void AddTeamQueries(this ObjectGraphType<Actor> me) =>
        me.Field<CompanyTeamType>("team").Description("Your company's team, when you are one of its members.")
            .ResolveAsync(async c => c.Source is { CompanyRole: not null, CompanyId: { } company }
                ? await c.Service<IQuerySession>().LoadAsync<CompanyTeam>(company, c.CancellationToken)
                : null);

    /// <summary>Team changes are made by people, with an account; a machine client or a development token is turned away.</summary>
    public static Guid RequireAccount(Actor actor)
    {
        if (actor.IsAnonymous) throw new Unauthenticated();
        if (actor.Subject is not { } subject || actor.Role is Roles.Admin or Roles.Analyst || (actor.Role == Roles.Company && actor.CompanyRole is null))
            throw new Forbidden("Only a person signed in with their account may do this.");
        return subject;
    }

    /// <summary>The confirmed email of the caller's account: what an invitation and a company's registration are checked against.</summary>
    public static async Task<string> ConfirmedEmail(IResolveFieldContext c, Guid account)
    {
        var found = await c.Service<UserManager<Account>>().FindByIdAsync(account.ToString());
        if (found is not { EmailConfirmed: true, Email: { } email }) throw new Forbidden("Only a person signed in with a confirmed account may do this.");
        return email;
    }

    /// <summary>The site the request came to, for links in mail.</summary>
    public static string Site(IResolveFieldContext c) =>
        c.Service<IHttpContextAccessor>().HttpContext is { } http ? $"{http.Request.Scheme}://{http.Request.Host}" : "";

    private static async Task<CompanyTeam> LoadTeam(IResolveFieldContext c, Guid company) =>
        await c.Service<IQuerySession>().LoadAsync<CompanyTeam>(company, c.CancellationToken) ?? throw new NotFound("Company", company);

    public static async Task<CompanyView> LoadCompany(IResolveFieldContext c, Guid company) =>
        await c.Service<IQuerySession>().LoadAsync<CompanyView>(company, c.CancellationToken) ?? throw new NotFound("Company", company);
}
