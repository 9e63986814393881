using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Api.Tests.Support;

/// <summary>The real rules reviewer, except that work containing <see cref="Marker"/> meets a reviewer outage.</summary>
public sealed class OutageReviewer(IFeedbackReviewer inner) : IFeedbackReviewer
{
    public const string Marker = "[reviewer-outage]";

    public Task<Review> ReviewAsync(ReviewRequest request, CancellationToken cancellation) =>
        request.Content?.Contains(Marker) == true
            ? throw new ReviewUnavailable("The reviewer did not answer.")
            : inner.ReviewAsync(request, cancellation);
}
