using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;

namespace Marketplace.Api.Analytics;

/// <summary>
/// A funnel question as the caller may ask it: the filter validated, and the scope narrowed to the company the caller
/// is held to. hiringFunnel answers it at once; hiringFunnelCsv seals it into a download link that answers it later.
/// </summary>
public sealed record FunnelQuestion(FunnelRequest Request, FunnelScope Scope)
{
    public static FunnelQuestion Of(Actor actor, FunnelFilter filter)
    {
        var company = CompanyScope(actor, filter.CompanyId is null ? null : Ids.Parse("filter.companyId", filter.CompanyId));
        if (filter.To <= filter.From) throw new ValidationFailed("filter.to", "to must come after from.");
        if ((filter.To - filter.From).TotalDays > 800) throw new ValidationFailed("filter.to", "The cohort may span at most 800 days.");
        var posting = filter.PostingId is null ? (Guid?)null : Ids.Parse("filter.postingId", filter.PostingId);
        return new FunnelQuestion(
            new FunnelRequest(filter.From, filter.To, filter.AsOf, filter.CompletedOnly ?? false, filter.GroupBy ?? FunnelGroupBy.None),
            new FunnelScope(company, posting, filter.Skill, filter.Source));
    }

    public Task<HiringFunnel> Answer(FunnelIndex index, CancellationToken cancellation) =>
        index.Read(view => FunnelCalculator.Calculate(Request, Scope, view), cancellation);

    /// <summary>The company the caller may analyse (null: all of them); candidates and anonymous callers may not.</summary>
    private static Guid? CompanyScope(Actor actor, Guid? requested)
    {
        if (actor.IsAnonymous) throw new Unauthenticated();
        Guid? own = actor.Role switch
        {
            Roles.Admin => null,
            Roles.Analyst => actor.CompanyId,
            Roles.Company => actor.CompanyFor(CompanyCapabilities.Funnel) ?? throw new Forbidden("Your role in the company does not include its funnel."),
            _ => throw new Forbidden("Funnel analytics are for analysts and companies."),
        };
        if (own is { } company && requested is { } other && other != company)
            throw new Forbidden("You may analyse your own company's funnel only.");
        return own ?? requested;
    }
}
