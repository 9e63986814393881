using Microsoft.AspNetCore.Authentication;

namespace Marketplace.Api.Infrastructure.Identity;

/// <summary>
/// ASP.NET Core's authentication, with one path left out of what its request handlers see. Those handlers (the built-in
/// provider's endpoints, an external sign-in's callback) are offered every request to see whether it is theirs, and the
/// provider answers that by running its whole request pipeline: about a seventh of the API's CPU for an answer kept in
/// the cache (docs/adr/0041). The GraphQL endpoint and its streams are none of theirs, so there only
/// the caller is authenticated, by the default scheme, as the standard middleware does after its handlers. Every other
/// path goes through the standard middleware unchanged: the same middleware in both cases, the first given the schemes
/// without their request handlers.
/// </summary>
public sealed class GraphQLAuthentication(RequestDelegate next, IAuthenticationSchemeProvider schemes, PathString path)
{
    private readonly AuthenticationMiddleware standard = new(next, schemes);
    private readonly AuthenticationMiddleware withoutRequestHandlers = new(next, new NoRequestHandlers(schemes));

    public Task Invoke(HttpContext http) =>
        http.Request.Path.StartsWithSegments(path) ? withoutRequestHandlers.Invoke(http) : standard.Invoke(http);

    /// <summary>The schemes as they are, but none that handles requests of its own.</summary>
    private sealed class NoRequestHandlers(IAuthenticationSchemeProvider schemes) : IAuthenticationSchemeProvider
    {
        public Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() => Task.FromResult(Enumerable.Empty<AuthenticationScheme>());
        public Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync() => schemes.GetAllSchemesAsync();
        public Task<AuthenticationScheme?> GetSchemeAsync(string name) => schemes.GetSchemeAsync(name);
        public Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => schemes.GetDefaultAuthenticateSchemeAsync();
        public Task<AuthenticationScheme?> GetDefaultChallengeSchemeAsync() => schemes.GetDefaultChallengeSchemeAsync();
        public Task<AuthenticationScheme?> GetDefaultForbidSchemeAsync() => schemes.GetDefaultForbidSchemeAsync();
        public Task<AuthenticationScheme?> GetDefaultSignInSchemeAsync() => schemes.GetDefaultSignInSchemeAsync();
        public Task<AuthenticationScheme?> GetDefaultSignOutSchemeAsync() => schemes.GetDefaultSignOutSchemeAsync();
        public void AddScheme(AuthenticationScheme scheme) => schemes.AddScheme(scheme);
        public void RemoveScheme(string name) => schemes.RemoveScheme(name);
    }
}

public static class GraphQLAuthenticationSetup
{
    /// <summary>In place of <c>UseAuthentication</c>: the same, but the request handlers never see the requests under <paramref name="graphQL"/>.</summary>
    public static IApplicationBuilder UseMarketplaceAuthentication(this IApplicationBuilder app, PathString graphQL)
    {
        // The mark UseAuthentication leaves: without it, WebApplication puts the standard middleware at the head of the
        // pipeline as well, and every request would meet the request handlers there.
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseMiddleware<GraphQLAuthentication>(graphQL);
    }

    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";
}
