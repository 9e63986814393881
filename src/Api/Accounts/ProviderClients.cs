using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Api.Accounts;

/// <summary>
/// The provider's own clients, registered at start-up: the public client for scripts and GraphQL tools (code with PKCE,
/// redirected to a loopback address as RFC 8252 advises for native clients), and GraphiQL's, redirected back to
/// /graphql on every address this node serves and every origin in <c>Auth__PublicOrigins__0..</c> (the addresses
/// people reach it by behind a proxy).
/// </summary>
public sealed class ProviderClients(IServiceProvider services, IHostApplicationLifetime lifetime, IServer server, IConfiguration configuration,
    ILogger<ProviderClients> log) : IHostedService
{
    public const string GraphiQL = "graphiql";

    public async Task StartAsync(CancellationToken cancellation)
    {
        await Ensure(new OpenIddictApplicationDescriptor
        {
            ClientId = Provider.ScriptsClient,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Scripts and GraphQL tools",
            RedirectUris = { new Uri(Provider.ScriptsRedirect) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Prefixes.Scope + Scopes.OfflineAccess, Permissions.Prefixes.Scope + Provider.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellation);
        // The addresses are known once the server listens.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await GraphiQLRedirects(CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogError(e, "GraphiQL's sign-in could not be registered");
            }
        }));
    }

    /// <summary>Nodes starting together may update the client at once: the loser reads it again and adds what is missing.</summary>
    private async Task GraphiQLRedirects(CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AddGraphiQLRedirects(cancellation);
                return;
            }
            catch (Exception e) when (attempt < 5 && e is OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                await Task.Delay(100 * attempt, cancellation);
            }
        }
    }

    private async Task AddGraphiQLRedirects(CancellationToken cancellation)
    {
        var origins = (configuration.GetSection("Auth:PublicOrigins").Get<string[]>() ?? [])
            .Concat(server.Features.Get<IServerAddressesFeature>()?.Addresses.SelectMany(Origins) ?? [])
            .Select(o => o.TrimEnd('/')).Distinct();
        var redirects = origins.Select(o => new Uri($"{o}/graphql")).ToList();
        if (redirects.Count == 0) return;
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = GraphiQL,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "GraphiQL",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + Provider.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (await applications.FindByClientIdAsync(GraphiQL, cancellation) is { } existing)
        {
            await applications.PopulateAsync(descriptor, existing, cancellation);
            var missing = redirects.Where(r => !descriptor.RedirectUris.Contains(r)).ToList();
            if (missing.Count == 0) return;
            foreach (var redirect in missing) descriptor.RedirectUris.Add(redirect);
            await applications.UpdateAsync(existing, descriptor, cancellation);
            return;
        }
        foreach (var redirect in redirects) descriptor.RedirectUris.Add(redirect);
        await Ensure(descriptor, cancellation);
    }

    /// <summary>A listening address as the origins a browser reaches it by: a wildcard host means this machine's names.</summary>
    private static IEnumerable<string> Origins(string address)
    {
        var uri = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost")
            .Replace("://0.0.0.0", "://localhost"));
        if (uri.Host is "localhost" or "127.0.0.1")
        {
            yield return $"{uri.Scheme}://localhost:{uri.Port}";
            yield return $"{uri.Scheme}://127.0.0.1:{uri.Port}";
        }
        else yield return $"{uri.Scheme}://{uri.Authority}";
    }

    private async Task Ensure(OpenIddictApplicationDescriptor descriptor, CancellationToken cancellation)
    {
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellation) is not null) return;
        try
        {
            await applications.CreateAsync(descriptor, cancellation);
        }
        catch (Exception e) when (e is OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another node registered it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
