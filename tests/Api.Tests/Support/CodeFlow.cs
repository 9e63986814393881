using Marketplace.Api.Accounts;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

/// <summary>What a script does to act for a person: sign up and confirm (reading the mail), sign in, code with PKCE, token.</summary>
public static class CodeFlow
{
    public const string Password = "correct horse battery staple";

    public static async Task SignUpAndConfirm(Browser browser, MailCatcher mail, string email)
    {
        await browser.Submit(AccountPages.SignUpPath, AccountPages.SignUpPath, new Dictionary<string, string> { ["email"] = email, ["password"] = Password });
        await browser.Get(MailCatcher.LinkTo(await mail.Next(email, "Confirm your Marketplace account"), AccountPages.ConfirmPath));
    }

    /// <summary>Signs in with the password and trades a code (PKCE) for an access token.</summary>
    public static async Task<string> AccessToken(Browser browser, string email, string scope = "marketplace")
    {
        await browser.Submit(AccountPages.SignInPath, AccountPages.SignInPath, new Dictionary<string, string> { ["email"] = email, ["password"] = Password });
        var (verifier, challenge) = Pkce();
        var (_, _, location) = await browser.Get($"/connect/authorize?client_id={Provider.ScriptsClient}&response_type=code" +
            $"&redirect_uri={Uri.EscapeDataString(Provider.ScriptsRedirect)}&scope={Uri.EscapeDataString(scope)}&code_challenge={challenge}&code_challenge_method=S256");
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(location!).Query)["code"].ToString();
        var (_, body, _) = await browser.Post("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Provider.ScriptsRedirect,
            ["client_id"] = Provider.ScriptsClient, ["code_verifier"] = verifier,
        });
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The role `me` answers with this token on a running API, or "HTTP n" when it is refused.</summary>
    public static async Task<string?> Role(ApiProcess api, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(new { query = "{ me { role } }" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return $"HTTP {(int)response.StatusCode}";
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("me");
        return me.ValueKind == JsonValueKind.Null ? null : me.GetProperty("role").GetString();
    }

    public static Browser BrowserFor(ApiProcess api) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(api.Url));

    /// <summary>A PKCE verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
