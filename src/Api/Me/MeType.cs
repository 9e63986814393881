using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Candidates;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Submissions;
using Marketplace.Domain.Common;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.Me;

public sealed class MeType : ObjectGraphType<Actor>
{
    public MeType(IEnumerable<IFieldContributor<MeType>> contributors)
    {
        Name = "Me";
        Description = "Who you are, and what is yours.";
        Field<NonNullGraphType<StringGraphType>>("role").Resolve(c => c.Source.Role);
        Field<CandidateType>("candidate").Description("Your profile when you are a candidate who has registered.")
            .ResolveAsync(async c => c.Source is { Role: Roles.Candidate, Subject: { } id }
                ? await c.Service<IQuerySession>().LoadAsync<CandidateView>(id, c.CancellationToken)
                : null);
        Field<CompanyType>("company").Description("Your company when you are a company member.")
            .Resolve(c => c.Source is { Role: Roles.Company, CompanyId: { } id } ? c.Service<DocumentLoader<CompanyView>>().Load(id) : null);
        Field<CompanyRoleType>("companyRole").Description("Your role in that company, when you are its member.").Resolve(c => c.Source.CompanyRole);
        this.AddTeamQueries();
        this.AddMachineClientQueries();
        Field<NonNullGraphType<Applications.ApplicationConnectionType>>("applications")
            .Description("A candidate's own applications; a company member's company's applications; newest first.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c => await c.Service<Applications.ApplicationReads>().Of(c.Source,
                c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Invitations.InvitationType>>>>("invitations")
            .Description("Invitations you received (candidate) or your company sent (company member), newest first.")
            .ResolveAsync(async c => await c.Service<Invitations.InvitationReads>().Of(c.Source, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubmissionType>>>>("submissions")
            .Description("Your submissions, newest first; `after` takes the id of the last one you have.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c =>
            {
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                if (c.Source is not { Role: Roles.Candidate, Subject: { } candidate }) return new List<SubmissionView>();
                return await c.Service<SubmissionReads>().Of(candidate, first, c.GetArgument<string?>("after"), c.CancellationToken);
            });
        foreach (var contributor in contributors) contributor.AddFields(this);
    }
}

public static class MeQueries
{
    public static void AddMe(this ObjectGraphType query) =>
        query.Field<MeType>("me").Description("You, when you send a token; null for anonymous callers.")
            .Resolve(c => c.Actor() is { IsAnonymous: false } actor ? actor : null);
}
