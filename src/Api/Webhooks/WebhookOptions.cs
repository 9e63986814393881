namespace Marketplace.Api.Webhooks;

/// <summary>The "Webhooks" configuration section (docs/webhooks.md lists each setting).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The waits between attempts: after the first failure the first wait, and so on; a delivery that fails once more after
    /// the last wait has failed for good (it can still be replayed). Each wait varies by up to a fifth either way (jitter).
    /// The default spans 27.5 hours, like Svix's schedule from which it comes.
    /// </summary>
    /// <remarks>Null means the default: configuration binds into an array by appending to what it holds.</remarks>
    public TimeSpan[]? RetryDelays { get; set; }

    public TimeSpan[] RetrySchedule => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;

    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>How long one attempt may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An endpoint that has failed without a success for this long is disabled and its owners are told.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long an old signing secret keeps signing beside the new one after a rotation, unless the rotation says.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts at one endpoint in flight at once on a node; the rest wait their turn without holding up others.</summary>
    public int ConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>
    /// Deliveries handled at once on a node, across all endpoints: each one delivery, or one endpoint's batch with at most
    /// <see cref="ConcurrencyPerEndpoint"/> of its attempts in flight.
    /// </summary>
    public int Parallelism { get; set; } = 32;

    /// <summary>
    /// The nice value deliveries' attempts run at, on threads of their own: 1 up to 19. A busy node answers its requests
    /// first and delivers what waits once they leave it room; an idle node delivers as fast (docs/adr/0039). At 0 the
    /// attempts have no threads of their own and await their sockets on the thread pool: a node of deliveries' default
    /// (docs/adr/0040).
    /// </summary>
    public int Nice { get; set; } = 19;

    /// <summary>
    /// Address ranges (CIDR) that deliveries may reach although they are loopback, private, link-local or otherwise
    /// internal; empty in production. Tests allow 127.0.0.0/8 and ::1/128.
    /// </summary>
    public string[] AllowedRanges { get; set; } = [];

    /// <summary>Whether endpoints may use http:// (Development and tests); production endpoints must use https://.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Endpoints per company.</summary>
    public int EndpointsPerCompany { get; set; } = 50;

    public TimeSpan RetryDelay(int failures, Random random)
    {
        var wait = RetrySchedule[Math.Min(failures, RetrySchedule.Length) - 1];
        return wait * (0.8 + 0.4 * random.NextDouble());
    }
}
