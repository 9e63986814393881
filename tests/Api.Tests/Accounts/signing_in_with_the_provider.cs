using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using Shouldly;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>The built-in OpenID Connect provider, driven as a scripted client would: code with PKCE, refresh, revoke, discovery.</summary>
public class signing_in_with_the_provider(AppFixture app)
{
    private const string Password = CodeFlow.Password;
    private const string Scopes = "openid email offline_access marketplace";

    private async Task<Browser> SignedIn(string email)
    {
        var browser = Browser.For(app);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        (await browser.Submit(AccountPages.SignInPath, AccountPages.SignInPath, new Dictionary<string, string> { ["email"] = email, ["password"] = Password }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private static (string Verifier, string Challenge) Pkce() => CodeFlow.Pkce();

    private static string AuthorizeUrl(string challenge, string state = "s1") =>
        $"/connect/authorize?client_id={Provider.ScriptsClient}&response_type=code&redirect_uri={Uri.EscapeDataString(Provider.ScriptsRedirect)}" +
        $"&scope={Uri.EscapeDataString(Scopes)}&code_challenge={challenge}&code_challenge_method=S256&state={state}";

    private static string CodeFrom(string? location)
    {
        location.ShouldNotBeNull();
        location.ShouldStartWith(Provider.ScriptsRedirect);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location).Query);
        query["state"].ToString().ShouldBe("s1");
        return query["code"].ToString();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> TokenRequest(Browser browser, Dictionary<string, string> fields)
    {
        var (status, body, _) = await browser.Post("/connect/token", fields);
        return (status, JsonDocument.Parse(body).RootElement.Clone());
    }

    private async Task<JsonElement> Tokens(Browser browser)
    {
        var (verifier, challenge) = Pkce();
        var code = CodeFrom((await browser.Get(AuthorizeUrl(challenge))).Location);
        var (status, json) = await TokenRequest(browser, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.ScriptsRedirect,
            ["client_id"] = Provider.ScriptsClient, ["code_verifier"] = verifier,
        });
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }

    private async Task<GraphQLResponse> Me(string accessToken) => await app.Host.GraphQL("{ me { role } }", token: accessToken);

    [Fact]
    public async Task a_script_gets_a_token_by_code_with_pkce_and_the_api_knows_the_account_from_it()
    {
        using var browser = await SignedIn($"pkce-{Guid.NewGuid():N}@example.com");
        var tokens = await Tokens(browser);
        var access = tokens.GetProperty("access_token").GetString()!;
        tokens.GetProperty("token_type").GetString().ShouldBe("Bearer");
        tokens.TryGetProperty("refresh_token", out _).ShouldBeTrue("offline_access was asked for");
        tokens.TryGetProperty("id_token", out _).ShouldBeTrue();

        var jwt = new JsonWebToken(access);
        jwt.Alg.ShouldBe("RS256");
        jwt.Audiences.ShouldBe([Provider.Audience]);
        jwt.Claims.ShouldNotContain(c => c.Type == "role", "the token says who, not what they may do");
        (await Me(access)).Data("me.role").GetString().ShouldBe("candidate");
    }

    [Fact]
    public async Task without_a_session_the_provider_sends_the_browser_to_sign_in_and_back()
    {
        var email = $"later-{Guid.NewGuid():N}@example.com";
        using (await SignedIn(email)) { }
        using var browser = Browser.For(app);
        var (_, challenge) = Pkce();
        var (status, _, location) = await browser.Get(AuthorizeUrl(challenge));
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldNotBeNull().ShouldContain(AccountPages.SignInPath);
        var signInPage = new Uri(new Uri("http://localhost"), location).PathAndQuery;
        var (_, _, back) = await browser.Submit(signInPage, AccountPages.SignInPath, new Dictionary<string, string> { ["email"] = email, ["password"] = Password });
        back.ShouldNotBeNull().ShouldStartWith("/connect/authorize?");
        CodeFrom((await browser.Get(back)).Location).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task refresh_tokens_rotate_and_a_reused_one_is_refused()
    {
        using var browser = await SignedIn($"refresh-{Guid.NewGuid():N}@example.com");
        var first = (await Tokens(browser)).GetProperty("refresh_token").GetString()!;
        Dictionary<string, string> Refresh(string token) => new() { ["grant_type"] = "refresh_token", ["refresh_token"] = token, ["client_id"] = Provider.ScriptsClient };

        var (status, renewed) = await TokenRequest(browser, Refresh(first));
        status.ShouldBe(HttpStatusCode.OK);
        var second = renewed.GetProperty("refresh_token").GetString()!;
        second.ShouldNotBe(first, "each refresh gives a new refresh token");
        (await Me(renewed.GetProperty("access_token").GetString()!)).Data("me.role").GetString().ShouldBe("candidate");

        var (reused, error) = await TokenRequest(browser, Refresh(first));
        reused.ShouldBe(HttpStatusCode.BadRequest);
        error.GetProperty("error").GetString().ShouldBe("invalid_grant");
        // A reuse is taken as theft: the chain it started is revoked, the thief's and the owner's tokens alike.
        (await TokenRequest(browser, Refresh(second))).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await Me(renewed.GetProperty("access_token").GetString()!)).Status.ShouldBe(401);
    }

    [Fact]
    public async Task a_revoked_access_token_stops_working_at_once()
    {
        using var browser = await SignedIn($"revoke-{Guid.NewGuid():N}@example.com");
        var access = (await Tokens(browser)).GetProperty("access_token").GetString()!;
        (await Me(access)).Data("me.role").GetString().ShouldBe("candidate");

        (await browser.Post("/connect/revoke", new Dictionary<string, string> { ["token"] = access, ["client_id"] = Provider.ScriptsClient })).Status.ShouldBe(HttpStatusCode.OK);
        var refused = await Me(access);
        refused.Status.ShouldBe(401);
        refused.ShouldFailWith("UNAUTHENTICATED");
    }

    [Fact]
    public async Task requests_without_pkce_or_with_another_redirect_are_refused()
    {
        using var browser = await SignedIn($"bad-{Guid.NewGuid():N}@example.com");
        var (refused, why, noCode) = await browser.Get(
            $"/connect/authorize?client_id={Provider.ScriptsClient}&response_type=code&redirect_uri={Uri.EscapeDataString(Provider.ScriptsRedirect)}&scope=openid&state=s1");
        refused.ShouldBe(HttpStatusCode.BadRequest);
        why.ShouldContain("The mandatory 'code_challenge' parameter is missing.");
        noCode.ShouldBeNull();

        var (_, challenge) = Pkce();
        var (status, _, elsewhere) = await browser.Get(AuthorizeUrl(challenge).Replace(Uri.EscapeDataString(Provider.ScriptsRedirect), Uri.EscapeDataString("https://evil.example/cb")));
        status.ShouldBe(HttpStatusCode.BadRequest, "no redirect to an address the client did not register");
        elsewhere.ShouldBeNull();

        var (verifier, goodChallenge) = Pkce();
        var code = CodeFrom((await browser.Get(AuthorizeUrl(goodChallenge))).Location);
        var (wrongVerifier, json) = await TokenRequest(browser, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.ScriptsRedirect,
            ["client_id"] = Provider.ScriptsClient, ["code_verifier"] = verifier + "x",
        });
        wrongVerifier.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task discovery_and_the_key_set_describe_the_provider()
    {
        using var browser = Browser.For(app);
        var discovery = JsonDocument.Parse((await browser.Get("/.well-known/openid-configuration")).Body).RootElement;
        discovery.GetProperty("issuer").GetString().ShouldBe("http://localhost/");
        discovery.GetProperty("authorization_endpoint").GetString().ShouldBe("http://localhost/connect/authorize");
        discovery.GetProperty("token_endpoint").GetString().ShouldBe("http://localhost/connect/token");
        discovery.GetProperty("revocation_endpoint").GetString().ShouldBe("http://localhost/connect/revoke");
        discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()).ShouldContain("S256");
        discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString())
            .ShouldBe(["authorization_code", "client_credentials", "refresh_token"], ignoreOrder: true);

        var keys = JsonDocument.Parse((await browser.Get(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery)).Body).RootElement.GetProperty("keys");
        foreach (var key in keys.EnumerateArray())
        {
            key.GetProperty("kty").GetString().ShouldBe("RSA");
            key.TryGetProperty("d", out _).ShouldBeFalse("no private part");
        }
        var ring = app.Host.Services.GetRequiredService<KeyRing>();
        keys.EnumerateArray().Select(k => k.GetProperty("kid").GetString())
            .ShouldBe(ring.Signing(DateTimeOffset.UtcNow).Select(k => k.KeyId), ignoreOrder: true, "every signing key, and no private part");
    }

    [Fact]
    public async Task a_machine_client_gets_a_token_with_its_credentials_and_a_wrong_secret_gets_none()
    {
        var clientId = $"machine-{Guid.NewGuid():N}";
        using (var scope = app.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId, ClientSecret = "a long machine secret", ClientType = OpenIddictConstants.ClientTypes.Confidential,
                Permissions = { OpenIddictConstants.Permissions.Endpoints.Token, OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
                    OpenIddictConstants.Permissions.Prefixes.Scope + Provider.ApiScope },
            });
        using var browser = Browser.For(app);
        var (status, json) = await TokenRequest(browser, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "a long machine secret", ["scope"] = Provider.ApiScope,
        });
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        var access = json.GetProperty("access_token").GetString()!;
        new JsonWebToken(access).Subject.ShouldBe(clientId);
        var me = await Me(access);
        me.Status.ShouldBe(200, "the token is valid");
        me.Data("me").ValueKind.ShouldBe(JsonValueKind.Null, "a machine client is no account");

        var (refused, error) = await TokenRequest(browser, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "a wrong secret", ["scope"] = Provider.ApiScope,
        });
        refused.ShouldBe(HttpStatusCode.Unauthorized);
        error.GetProperty("error").GetString().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task a_token_signed_with_another_key_or_for_another_audience_is_unauthenticated()
    {
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "http://localhost/", Audience = Provider.Audience, TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["oi_tkn_id"] = Guid.NewGuid().ToString() },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa), "RS256"),
        });
        var refused = await Me(forged);
        refused.Status.ShouldBe(401);
        refused.ShouldFailWith("UNAUTHENTICATED");
    }
}
