using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Api.Accounts;

/// <summary>
/// The provider's own clients, registered at start-up when missing: the public client for scripts and GraphQL tools
/// (authorization code with PKCE, redirected to a loopback address as RFC 8252 advises for native clients).
/// </summary>
public sealed class ProviderClients(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(Provider.ScriptsClient, cancellation) is not null) return;
        try
        {
            await applications.CreateAsync(new OpenIddictApplicationDescriptor
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
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            // Another node registered it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
