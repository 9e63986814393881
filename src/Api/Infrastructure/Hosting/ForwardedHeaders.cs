using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Who the client is, behind a proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the
/// proxies named in <c>ForwardedHeaders__KnownProxies__0..</c> (addresses) or <c>ForwardedHeaders__KnownNetworks__0..</c>
/// (CIDR ranges). From anyone else they are ignored, so a client cannot pick the address the per-address rate limit
/// counts it under. No proxy is trusted by default, not even loopback.
/// </summary>
public static class TrustedProxies
{
    public static void AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        var addresses = proxies.Select(p => IPAddress.TryParse(p, out var address) ? address
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds '{p}', which is not an IP address.")).ToList();
        var ranges = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var range) ? range
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds '{n}', which is not a CIDR range such as 10.0.0.0/8.")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no proxy listed the middleware would believe every sender: with none configured, it reads nothing.
            options.ForwardedHeaders = addresses.Count + ranges.Count == 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in addresses) options.KnownProxies.Add(address);
            foreach (var range in ranges) options.KnownIPNetworks.Add(range);
        });
    }
}
