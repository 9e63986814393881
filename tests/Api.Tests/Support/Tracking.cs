using Wolverine.Tracking;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// Wolverine's message tracking for the shared host. Every test class runs on one host, so a message of another class
/// still retrying (a review during a reviewer outage, say) may fail while a test waits; such failures do not fail the
/// waiting test, which asserts the state its own messages left instead.
/// </summary>
public static class Tracking
{
    public static TrackedSessionConfiguration Track(this AppFixture app) =>
        app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(15)).DoNotAssertOnExceptionsDetected();

    /// <summary>Delivers one message and waits for it and everything it sets off.</summary>
    public static Task<ITrackedSession> Deliver(this AppFixture app, object message) => app.Track().InvokeMessageAndWaitAsync(message);
}
