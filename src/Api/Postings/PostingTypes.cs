using GraphQL.Types;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Postings;
using Marketplace.Projections.Companies;
using Marketplace.Projections.Postings;

namespace Marketplace.Api.Postings;

public sealed class PostingStatusType : EnumerationGraphType<PostingStatus> { public PostingStatusType() => Name = "PostingStatus"; }

public sealed class CloseReasonType : EnumerationGraphType<CloseReason> { public CloseReasonType() => Name = "CloseReason"; }

public sealed class RemotePolicyType : EnumerationGraphType<RemotePolicy> { public RemotePolicyType() => Name = "RemotePolicy"; }

public sealed class SeniorityType : EnumerationGraphType<Seniority> { public SeniorityType() => Name = "Seniority"; }

public sealed class SalaryRangeType : ObjectGraphType<Salary>
{
    public SalaryRangeType()
    {
        Name = "SalaryRange";
        Field(x => x.Min);
        Field(x => x.Max);
        Field(x => x.Currency);
    }
}

public sealed class PostingType : ObjectGraphType<PostingView>
{
    public PostingType(IEnumerable<IFieldContributor<PostingType>> contributors)
    {
        Name = "Posting";
        Description = "A job opening of a company.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Version);
        Field<NonNullGraphType<CompanyType>>("company")
            .Resolve(c => c.Service<DocumentLoader<CompanyView>>().Load(c.Source.CompanyId));
        Field(x => x.Title);
        Field(x => x.Role);
        Field<NonNullGraphType<SeniorityType>>("seniority").Resolve(c => c.Source.Seniority);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skills").Resolve(c => c.Source.Skills);
        Field(x => x.Location, nullable: true);
        Field<NonNullGraphType<RemotePolicyType>>("remotePolicy").Resolve(c => c.Source.RemotePolicy);
        Field<SalaryRangeType>("salary").Resolve(c => c.Source.Salary);
        Field(x => x.Description);
        Field(x => x.Openings);
        Field(x => x.BlindReview);
        Field<NonNullGraphType<PostingStatusType>>("status").Resolve(c => c.Source.Status);
        Field<CloseReasonType>("closeReason").Resolve(c => c.Source.CloseReason);
        Field<DateTimeScalar>("publishedAt").Resolve(c => c.Source.PublishedAt);
        Field<DateScalar>("expiresOn").Resolve(c => c.Source.ExpiresOn);
        foreach (var contributor in contributors) contributor.AddFields(this);
    }
}

public sealed class PostingEdgeType() : EdgeType<PostingType, PostingView>("Posting");

public sealed class PostingConnectionType() : ConnectionType<PostingEdgeType, PostingView>("Posting");

public sealed class PostingFilterType : InputObjectGraphType<PostingQuery>
{
    public PostingFilterType()
    {
        Name = "PostingFilter";
        Field<StringGraphType>("skill").Description("A skill slug.");
        Field<StringGraphType>("role");
        Field<SeniorityType>("seniority");
        Field<RemotePolicyType>("remotePolicy");
        Field<IntGraphType>("minSalary").Description("Postings whose salary range reaches at least this amount.");
        Field<IdGraphType>("companyId");
        Field<PostingStatusType>("status").Description("Open unless you are a member of the posting's company.");
        Field<StringGraphType>("text").Description("Words to find in the title or description (web-search syntax).");
    }
}
