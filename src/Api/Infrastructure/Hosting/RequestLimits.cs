using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.RateLimiting;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>Rate limits for /graphql: per identity (the token's subject) and per client address, both fixed windows.</summary>
public sealed class RateLimitOptions
{
    public int PerIdentityPerMinute { get; set; } = 600;
    public int PerAddressPerMinute { get; set; } = 1200;
    /// <summary>A company's machine client (an integration) is counted apart from the company's people.</summary>
    public int PerMachineClientPerMinute { get; set; } = 1200;
    /// <summary>Sign-up, sign-in and password-reset forms posted from one address: a brake on credential stuffing.</summary>
    public int AccountFormsPerMinute { get; set; } = 20;
}

public static class RequestLimits
{
    public const string GraphQLPolicy = "graphql";
    public const string AccountsPolicy = "accounts";

    public static void AddMarketplaceRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(GraphQLPolicy, http => RateLimitPartition.Get(Key(http), key => new FixedWindowRateLimiter(Window(
                key.StartsWith("id:") ? options.PerIdentityPerMinute
                : key.StartsWith("client:") ? options.PerMachineClientPerMinute
                : options.PerAddressPerMinute))));
            limiter.AddPolicy(AccountsPolicy, http => RateLimitPartition.GetFixedWindowLimiter($"ip:{http.Connection.RemoteIpAddress}",
                _ => Window(options.AccountFormsPerMinute)));
            limiter.OnRejected = async (context, cancellation) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString();
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync(
                    $"{{\"errors\":[{{\"message\":\"Too many requests; retry after {retryAfter} s.\",\"extensions\":{{\"code\":\"RATE_LIMITED\",\"retryAfter\":{retryAfter}}}}}]}}",
                    cancellation);
            };
        });
    }

    /// <summary>Authenticated callers are limited by who they are (a machine client apart), others by where they come from.</summary>
    private static string Key(HttpContext http) =>
        http.User.FindFirstValue(Claims.Subject) is not { } subject ? $"ip:{http.Connection.RemoteIpAddress}"
        : http.User.HasClaim(c => c.Type == Claims.CompanyCapabilities) && !http.User.HasClaim(c => c.Type == Claims.CompanyRole) ? $"client:{subject}"
        : $"id:{subject}";

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };
}
