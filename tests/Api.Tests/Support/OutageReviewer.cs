using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Api.Tests.Support;

/// <summary>The real rules reviewer, except that work containing <see cref="Marker"/> meets a reviewer outage.</summary>
public sealed class OutageReviewer(IFeedbackReviewer inner) : IFeedbackReviewer
{
    public const string Marker = "[reviewer-outage]";

    /// <summary>Work containing one of these tokens finds the reviewer back up: a test ends its own outage.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Recovered = new();

    /// <summary>Work containing one of these tokens waits for the test to let its review go (a review still being written).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Held = new();

    public async Task<Review> ReviewAsync(ReviewRequest request, CancellationToken cancellation)
    {
        if (Held.FirstOrDefault(hold => request.Content?.Contains(hold.Key) == true).Value is { } hold) await hold.Task.WaitAsync(cancellation);
        return request.Content?.Contains(Marker) == true && !Recovered.Keys.Any(token => request.Content.Contains(token))
            ? throw new ReviewUnavailable("The reviewer did not answer.")
            : await inner.ReviewAsync(request, cancellation);
    }
}
