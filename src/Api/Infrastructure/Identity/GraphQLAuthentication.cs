using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Marketplace.Api.Infrastructure.Identity;

/// <summary>
/// ASP.NET Core's authentication, with one path left out of what its request handlers see. Those handlers (the built-in
/// provider's endpoints, an external sign-in's callback) are offered every request to see whether it is theirs, and the
/// provider answers that by running its whole request pipeline: about a seventh of the API's CPU for an answer kept in
/// the cache (docs/adr/0041). The GraphQL endpoint and its streams are none of theirs, so there only
/// the caller is authenticated, by the default scheme, as the standard middleware does after its handlers. Every other
/// path goes through the standard middleware unchanged.
/// </summary>
public sealed class GraphQLAuthentication(RequestDelegate next, IAuthenticationSchemeProvider schemes, PathString path)
{
    private readonly AuthenticationMiddleware standard = new(next, schemes);

    public async Task Invoke(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(path))
        {
            await standard.Invoke(http);
            return;
        }
        http.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = http.Request.Path,
            OriginalPathBase = http.Request.PathBase,
        });
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is { } scheme)
        {
            var result = await http.AuthenticateAsync(scheme.Name);
            if (result.Principal is not null) http.User = result.Principal;
            if (result.Succeeded)
            {
                var authenticated = new Authenticated(result);
                http.Features.Set<IHttpAuthenticationFeature>(authenticated);
                http.Features.Set<IAuthenticateResultFeature>(authenticated);
            }
        }
        await next(http);
    }

    /// <summary>What the standard middleware records of a caller it authenticated, for what runs after it.</summary>
    private sealed class Authenticated(AuthenticateResult result) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult
        {
            get => result;
            set
            {
                result = value ?? AuthenticateResult.NoResult();
                User = value?.Principal;
            }
        }

        public ClaimsPrincipal? User { get; set; } = result.Principal;
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
