using Marketplace.Domain.Common;
using Marketplace.Domain.Companies;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using System.Security.Cryptography;
using System.Text.Json;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Api.Accounts;

public sealed record MachineClient(string ClientId, string Name, Guid CompanyId, IReadOnlyList<string> Scopes)
{
    public CompanyCapabilities Capabilities => Team.FromScopes(Scopes);
}

/// <summary>
/// A company's API clients for its integrations (an ATS): confidential clients of the built-in provider with the client
/// credentials grant, each for one company and with scopes from <see cref="Team.Scopes"/>. The secret is shown once, at
/// creation and at rotation; rotating or revoking also revokes every token the client holds, so the old credentials stop
/// working at once. A client acts for its company with its scopes, read from here with each call (AccountActor).
/// </summary>
public sealed class MachineClients(IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, AccountsDb db)
{
    private const string CompanyProperty = "company_id";

    public static async Task<MachineClient?> Find(IServiceProvider services, string clientId)
    {
        if (!clientId.StartsWith("mc_", StringComparison.Ordinal)) return null;
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        return await applications.FindByClientIdAsync(clientId) is { } application ? await Describe(applications, application) : null;
    }

    public async Task<IReadOnlyList<MachineClient>> Of(Guid company, CancellationToken cancellation)
    {
        var prefix = Prefix(company);
        var ids = await db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().AsNoTracking()
            .Where(a => a.ClientId!.StartsWith(prefix)).OrderBy(a => a.ClientId).Select(a => a.ClientId!).ToListAsync(cancellation);
        var found = new List<MachineClient>();
        foreach (var id in ids)
            if (await applications.FindByClientIdAsync(id, cancellation) is { } application && await Describe(applications, application) is { } client)
                found.Add(client);
        return found;
    }

    public async Task<(MachineClient Client, string Secret)> Create(Guid company, string name, IReadOnlyList<string> scopes, CancellationToken cancellation)
    {
        Team.ValidateClient(name, scopes, (await Of(company, cancellation)).Count);

        var clientId = $"{Prefix(company)}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId, ClientSecret = secret, ClientType = ClientTypes.Confidential, DisplayName = name.Trim(),
            Permissions = { Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.GrantTypes.ClientCredentials,
                Permissions.Prefixes.Scope + Provider.ApiScope },
            Properties = { [CompanyProperty] = JsonSerializer.SerializeToElement(company.ToString()) },
        };
        foreach (var scope in scopes.Distinct()) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        await applications.CreateAsync(descriptor, cancellation);
        return (new MachineClient(clientId, name.Trim(), company, [.. scopes.Distinct()]), secret);
    }

    public async Task<(MachineClient Client, string Secret)> Rotate(Guid company, string clientId, CancellationToken cancellation)
    {
        var (application, client) = await Owned(company, clientId, cancellation);
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, cancellation);
        await tokens.RevokeByApplicationIdAsync((await applications.GetIdAsync(application, cancellation))!, cancellation);
        return (client, secret);
    }

    public async Task Revoke(Guid company, string clientId, CancellationToken cancellation)
    {
        var (application, _) = await Owned(company, clientId, cancellation);
        await tokens.RevokeByApplicationIdAsync((await applications.GetIdAsync(application, cancellation))!, cancellation);
        await applications.DeleteAsync(application, cancellation);
    }

    /// <summary>Another company's client answers as if it did not exist.</summary>
    private async Task<(object, MachineClient)> Owned(Guid company, string clientId, CancellationToken cancellation)
    {
        if (clientId.StartsWith(Prefix(company), StringComparison.Ordinal)
            && await applications.FindByClientIdAsync(clientId, cancellation) is { } application
            && await Describe(applications, application) is { } client && client.CompanyId == company)
            return (application, client);
        throw new ValidationFailed("clientId", $"The company has no API client '{clientId}'.");
    }

    private static async Task<MachineClient?> Describe(IOpenIddictApplicationManager applications, object application)
    {
        var properties = await applications.GetPropertiesAsync(application);
        if (!properties.TryGetValue(CompanyProperty, out var value) || !Guid.TryParse(value.GetString(), out var company)) return null;
        var scopes = (await applications.GetPermissionsAsync(application))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]).Where(Team.Scopes.ContainsKey).ToList();
        return new MachineClient((await applications.GetClientIdAsync(application))!, await applications.GetDisplayNameAsync(application) ?? "", company, scopes);
    }

    private static string Prefix(Guid company) => $"mc_{company:N}_";

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
