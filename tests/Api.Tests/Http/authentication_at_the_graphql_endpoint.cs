using System.Security.Claims;
using System.Text.Encodings.Web;
using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Marketplace.Api.Tests.Http;

/// <summary>
/// The GraphQL endpoint's requests are authenticated by the default scheme alone: the request handlers (the built-in
/// provider's endpoints, an external sign-in's callback) never see them, and still see every other path. On a pipeline
/// of its own, with a request handler that counts what it is offered.
/// </summary>
public class authentication_at_the_graphql_endpoint
{
    [Fact]
    public async Task graphql_requests_skip_the_request_handlers_and_keep_the_caller()
    {
        var offered = new List<string>();
        await using var app = await Start(offered);
        using var http = app.GetTestClient();

        using var signed = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{}") };
        signed.Headers.Add("X-Caller", "ada");
        (await (await http.SendAsync(signed)).Content.ReadAsStringAsync()).ShouldBe("ada;result");
        (await http.GetStringAsync("/graphql/stream")).ShouldBe("anonymous;none");
        offered.ShouldBeEmpty("neither the standard middleware nor the one WebApplication adds by itself offered /graphql to a handler");

        (await http.GetStringAsync("/connect/token")).ShouldBe("handled by the request handler");
        using var page = new HttpRequestMessage(HttpMethod.Get, "/skills");
        page.Headers.Add("X-Caller", "grace");
        (await (await http.SendAsync(page)).Content.ReadAsStringAsync()).ShouldBe("grace;result");
        offered.ShouldBe(["/connect/token", "/skills"], ignoreOrder: false);
    }

    private static async Task<WebApplication> Start(List<string> offered)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(offered);
        builder.Services.AddAuthentication("caller")
            .AddScheme<AuthenticationSchemeOptions, CallerHeader>("caller", _ => { })
            .AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("provider", _ => { });
        var app = builder.Build();
        app.UseMarketplaceAuthentication("/graphql");
        app.Run(http => http.Response.WriteAsync(
            $"{http.User.Identity?.Name ?? "anonymous"};{(http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Succeeded: true } ? "result" : "none")}"));
        await app.StartAsync();
        return app;
    }

    private sealed class CallerHeader(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers["X-Caller"].ToString() is { Length: > 0 } name
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "caller")), "caller"))
                : AuthenticateResult.NoResult());
    }

    private sealed class CountingRequestHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, List<string> offered)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
    {
        public async Task<bool> HandleRequestAsync()
        {
            lock (offered) offered.Add(Request.Path);
            if (Request.Path != "/connect/token") return false;
            await Response.WriteAsync("handled by the request handler");
            return true;
        }

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
