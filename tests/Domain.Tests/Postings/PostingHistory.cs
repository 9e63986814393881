using Marketplace.Domain.Postings;

namespace Marketplace.Domain.Tests.Postings;

public static class PostingHistory
{
    public static readonly Guid PostingId = Guid.Parse("0197f000-0000-7000-8000-000000000001");
    public static readonly Guid CompanyId = Guid.Parse("0197f000-0000-7000-8000-0000000000c1");
    public static readonly Guid OtherCompanyId = Guid.Parse("0197f000-0000-7000-8000-0000000000c2");

    public static readonly PostingDetails Details = new(
        "Senior Backend Engineer, Orders", "Senior Backend Engineer", Seniority.Senior, ["microservices"], "Berlin, DE",
        RemotePolicy.Hybrid, new Salary(90_000, 120_000, "EUR"), "Design and run the services that take orders to delivery.", 1, false);

    public static PostingDrafted Drafted => new(PostingId, CompanyId, Details);

    public static PostingPublished Published(int generation = 1) =>
        new(PostingId, CompanyId, Support.Spec.Now.AddDays(-10), Support.Spec.Today.AddDays(50), generation);

    public static PostingClosed Closed(CloseReason reason) => new(PostingId, CompanyId, reason, Support.Spec.Now.AddDays(-5));

    public static PostingReopened Reopened(int generation) =>
        new(PostingId, CompanyId, Support.Spec.Now.AddDays(-2), Support.Spec.Today.AddDays(58), generation);
}
