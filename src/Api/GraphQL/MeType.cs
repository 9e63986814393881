using GraphQL;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Candidates;
using Marketplace.Api.GraphQL.Common;
using Marketplace.Api.GraphQL.Companies;
using Marketplace.Api.GraphQL.Submissions;
using Marketplace.Api.Identity;
using Marketplace.Domain.Common;
using Marketplace.Projections.Candidates;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Submissions;
using Marten;

namespace Marketplace.Api.GraphQL;

public sealed class MeType : ObjectGraphType<Actor>
{
    public MeType()
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
        Field<NonNullGraphType<Applications.ApplicationConnectionType>>("applications")
            .Description("A candidate's own applications; a company member's company's applications; newest first.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c =>
            {
                var query = new KeysetQuery("mt_doc_applicationview");
                switch (c.Source)
                {
                    case { Role: Roles.Candidate, Subject: { } candidate }: query.And("d.candidate_id = ?", candidate); break;
                    case { Role: Roles.Company, CompanyId: { } company }: query.And("d.company_id = ?", company); break;
                    default: query.And("false"); break;
                }
                return await query.Page<Projections.Applications.ApplicationView>(c.Service<IQuerySession>(),
                    c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Invitations.InvitationType>>>>("invitations")
            .Description("Invitations you received (candidate) or your company sent (company member), newest first.")
            .ResolveAsync(async c =>
            {
                var session = c.Service<IQuerySession>();
                var query = session.Query<Projections.Invitations.InvitationView>();
                var filtered = c.Source switch
                {
                    { Role: Roles.Candidate, Subject: { } candidate } => query.Where(i => i.CandidateId == candidate),
                    { Role: Roles.Company, CompanyId: { } company } => query.Where(i => i.CompanyId == company),
                    _ => null,
                };
                return filtered is null ? [] : (await filtered.OrderByDescending(i => i.SentAt).Take(100).ToListAsync(c.CancellationToken)).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubmissionType>>>>("submissions")
            .Description("Your submissions, newest first; `after` takes the id of the last one you have.")
            .Arguments(Paging.Arguments())
            .ResolveAsync(async c =>
            {
                var first = Paging.PageSize(c.GetArgument<int?>("first"));
                if (c.Source is not { Role: Roles.Candidate, Subject: { } candidate }) return new List<SubmissionView>();
                var session = c.Service<IQuerySession>();
                var query = session.Query<SubmissionView>().Where(s => s.CandidateId == candidate);
                if (c.GetArgument<string?>("after") is { } after)
                {
                    var last = Ids.TryParse(after) is { } lastId ? await session.LoadAsync<SubmissionView>(lastId, c.CancellationToken) : null;
                    if (last is null || last.CandidateId != candidate) throw new ValidationFailed("after", "after must be the id of one of your submissions.");
                    query = query.Where(s => s.SubmittedAt < last.SubmittedAt);
                }
                return (await query.OrderByDescending(s => s.SubmittedAt).Take(first).ToListAsync(c.CancellationToken)).ToList();
            });
    }
}

public static class MeQueries
{
    public static void AddMe(this ObjectGraphType query) =>
        query.Field<MeType>("me").Description("You, when you send a token; null for anonymous callers.")
            .Resolve(c => c.Actor() is { IsAnonymous: false } actor ? actor : null);
}
