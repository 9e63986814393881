using Marketplace.Api.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Shouldly;
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
        using var browser = CodeFlow.BrowserFor(api);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);

        var before = await CodeFlow.AccessToken(browser, email);
        (await CodeFlow.Role(api, before)).ShouldBe("candidate");
        var oldKey = new JsonWebToken(before).Kid;

        var (code, output) = await api.RunVerb("keys", "rotate", "--now");
        code.ShouldBe(0, output);
        await api.Restart();

        (await CodeFlow.Role(api, before)).ShouldBe("candidate", "a token signed with the old key is still accepted");
        var after = await CodeFlow.AccessToken(browser, email);
        new JsonWebToken(after).Kid.ShouldNotBe(oldKey, "the new key signs");
        (await CodeFlow.Role(api, after)).ShouldBe("candidate");
        var (_, jwks, _) = await browser.Get("/.well-known/jwks");
        var published = JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        published.ShouldContain(oldKey);
        published.ShouldContain(new JsonWebToken(after).Kid);
    }
}
