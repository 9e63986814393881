namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// The host names a node answers to. ASP.NET Core's host filtering reads them from <c>AllowedHosts</c>; outside
/// Development the node does not start to serve until they are named, because any host (<c>*</c>) lets a request with a
/// forged Host header have links and redirects built on it.
/// </summary>
public static class AllowedHosts
{
    public static void RequireNamedHosts(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return;
        var hosts = app.Configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(hosts) || hosts.Split(';', StringSplitOptions.TrimEntries).Contains("*"))
            throw new InvalidOperationException(
                $"AllowedHosts is '{hosts}' in the {app.Environment.EnvironmentName} environment: name the host names this node answers to, " +
                "separated by semicolons (e.g. AllowedHosts=marketplace.example.com;localhost). '*' is for Development only.");
    }
}
