using Marketplace.Api.Accounts;
using Marketplace.Api.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Shouldly;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>A key rotation on a running API: the old key stays published and accepted, the new one signs, nobody is signed out.</summary>
public class rotating_the_provider_keys(AppFixture app)
{
    [Fact]
    public async Task tokens_signed_before_a_rotation_stay_valid_and_new_ones_use_the_new_key()
    {
        await using var api = await ApiProcess.StartWithSkills();
        var email = $"rotation-{Guid.NewGuid():N}@example.com";
        using var browser = new Browser(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(api.Url));
        await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, new Dictionary<string, string> { ["email"] = email, ["password"] = "correct horse battery staple" });
        await browser.Get(MailCatcher.LinkTo(await app.Mail.Next(email, "Confirm your Marketplace account"), AccountPages.ConfirmPath));

        async Task<string> AccessToken()
        {
            await browser.Submit(AccountPages.SignInPath, AccountPages.SignInPath, new Dictionary<string, string> { ["email"] = email, ["password"] = "correct horse battery staple" });
            var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var (_, _, location) = await browser.Get($"/connect/authorize?client_id={Provider.ScriptsClient}&response_type=code" +
                $"&redirect_uri={Uri.EscapeDataString(Provider.ScriptsRedirect)}&scope=marketplace&code_challenge={challenge}&code_challenge_method=S256");
            var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location!).Query)["code"].ToString();
            var (_, body, _) = await browser.Post("/connect/token", new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.ScriptsRedirect,
                ["client_id"] = Provider.ScriptsClient, ["code_verifier"] = verifier,
            });
            return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
        }

        async Task<string?> Role(string token)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(new { query = "{ me { role } }" }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK) return $"HTTP {(int)response.StatusCode}";
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("me").GetProperty("role").GetString();
        }

        var before = await AccessToken();
        (await Role(before)).ShouldBe("candidate");
        var oldKey = new JsonWebToken(before).Kid;

        var (code, output) = await api.RunVerb("keys", "rotate", "--now");
        code.ShouldBe(0, output);
        await api.Restart();

        (await Role(before)).ShouldBe("candidate", "a token signed with the old key is still accepted");
        var after = await AccessToken();
        new JsonWebToken(after).Kid.ShouldNotBe(oldKey, "the new key signs");
        (await Role(after)).ShouldBe("candidate");
        var (_, jwks, _) = await browser.Get("/.well-known/jwks");
        var published = JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        published.ShouldContain(oldKey);
        published.ShouldContain(new JsonWebToken(after).Kid);
    }
}
