using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Companies;

namespace Marketplace.Api.Companies;

public sealed class ApiClientType : ObjectGraphType<MachineClient>
{
    public ApiClientType()
    {
        Name = "ApiClient";
        Description = "A machine client of the company (client credentials at /connect/token), acting for it with its scopes.";
        Field(x => x.ClientId);
        Field(x => x.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(c => c.Source.Scopes);
    }
}

public sealed record ApiClientSecret(MachineClient Client, string ClientSecret);

public sealed class ApiClientSecretPayloadType : ObjectGraphType<ApiClientSecret>
{
    public ApiClientSecretPayloadType()
    {
        Name = "ApiClientSecretPayload";
        Field<NonNullGraphType<ApiClientType>>("client").Resolve(c => c.Source.Client);
        Field(x => x.ClientSecret).Description("Shown this once: store it now. Rotate the secret if it is lost.");
    }
}

public sealed class RevokedPayloadType : ObjectGraphType<bool>
{
    public RevokedPayloadType()
    {
        Name = "RevokedPayload";
        Field<NonNullGraphType<BooleanGraphType>>("revoked").Resolve(c => c.Source);
    }
}

public sealed class CreateApiClientInputType : InputObjectGraphType
{
    public CreateApiClientInputType()
    {
        Name = "CreateApiClientInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description("What the client is for, such as \"Our ATS\".");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .Description($"Any of: {string.Join(", ", Team.Scopes.Keys)}.");
    }
}

public sealed class ApiClientIdInputType : InputObjectGraphType
{
    public ApiClientIdInputType()
    {
        Name = "ApiClientIdInput";
        Field<NonNullGraphType<StringGraphType>>("clientId");
    }
}

/// <summary>
/// A company's API clients, managed by its owners and admins. They live in the provider's store, not the event store,
/// so these mutations do not take the command pipeline (docs/adr/0026).
/// </summary>
public static class MachineClientOperations
{
    public static void AddMachineClientMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ApiClientSecretPayloadType>>("createApiClient")
            .Description("Creates a machine client for the caller's company; its secret is in the answer and nowhere else (owners and admins).")
            .Argument<NonNullGraphType<CreateApiClientInputType>>("input")
            .ResolveAsync(async c =>
            {
                var company = Manager(c);
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var scopes = ((IEnumerable<object?>)input["scopes"]!).Select(s => s?.ToString() ?? "").ToList();
                var (client, secret) = await c.Service<MachineClients>().Create(company, (string)input["name"]!, scopes, c.CancellationToken);
                return new ApiClientSecret(client, secret);
            });

        mutation.Field<NonNullGraphType<ApiClientSecretPayloadType>>("rotateApiClientSecret")
            .Description("Gives the client a new secret; the old one, and every token it got, stop working at once (owners and admins).")
            .Argument<NonNullGraphType<ApiClientIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                var (client, secret) = await c.Service<MachineClients>().Rotate(Manager(c), ClientId(c), c.CancellationToken);
                return new ApiClientSecret(client, secret);
            });

        mutation.Field<NonNullGraphType<RevokedPayloadType>>("revokeApiClient")
            .Description("Deletes the client; its tokens stop working at once (owners and admins).")
            .Argument<NonNullGraphType<ApiClientIdInputType>>("input")
            .ResolveAsync(async c =>
            {
                await c.Service<MachineClients>().Revoke(Manager(c), ClientId(c), c.CancellationToken);
                return true;
            });
    }

    public static void AddMachineClientQueries(this ObjectGraphType<Actor> me) =>
        me.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiClientType>>>>("apiClients")
            .Description("Your company's API clients, when you are one of its owners or admins.")
            .ResolveAsync(async c => c.Source.CompanyFor(CompanyCapabilities.Clients) is { } company && c.Source.CompanyRole is not null
                ? await c.Service<MachineClients>().Of(company, c.CancellationToken)
                : []);

    /// <summary>A person with the company's Clients capability: a machine client never makes another.</summary>
    private static Guid Manager(IResolveFieldContext c)
    {
        var actor = c.Actor();
        TeamOperations.RequireAccount(actor);
        return actor.RequireCompanyMember(CompanyCapabilities.Clients);
    }

    private static string ClientId(IResolveFieldContext c) =>
        c.GetArgument<Dictionary<string, object?>>("input")["clientId"]?.ToString() ?? "";
}
