using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>
/// Another OpenID Connect provider in front of the API: a second Marketplace on another port plays it (its own
/// accounts, keys, discovery and JWKS), as Keycloak or Entra ID would.
/// </summary>
public class an_external_provider(AppFixture app)
{
    [Fact]
    public async Task its_tokens_work_once_configured_and_link_to_an_account_by_verified_email_once_and_only_so()
    {
        await using var provider = await ApiProcess.StartWithSkills();
        var email = $"external-{Guid.NewGuid():N}@example.com";
        using var browser = CodeFlow.BrowserFor(provider);
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, email);
        var token = await CodeFlow.AccessToken(browser, email, "openid email marketplace");
        var withoutEmail = await CodeFlow.AccessToken(browser, email, "marketplace");

        await using (var unconfigured = await ApiProcess.StartWithSkills())
            (await CodeFlow.Role(unconfigured, token)).ShouldBe("HTTP 401", "a token from an issuer the API was not told of is UNAUTHENTICATED");

        await using var api = await ApiProcess.StartWithSkills(new Dictionary<string, string> { ["Auth__Authority"] = provider.Url });
        (await CodeFlow.Role(api, token)).ShouldBe("candidate", api.LastLines());
        (await CodeFlow.Role(api, token)).ShouldBe("candidate");
        (await CodeFlow.Role(api, withoutEmail)).ShouldBe("candidate", "once linked, the provider's subject is enough");

        var stranger = $"unlinked-{Guid.NewGuid():N}@example.com";
        await CodeFlow.SignUpAndConfirm(browser, app.Mail, stranger);
        (await CodeFlow.Role(api, await CodeFlow.AccessToken(browser, stranger, "marketplace")))
            .ShouldBeNull("valid, but without a verified email there is no account to link it to: me is null");

        await using var db = new NpgsqlConnection(api.ConnectionString);
        await db.OpenAsync();
        (await EventStoreChecks.Lines(db, "select u.\"Email\" || ' ' || l.\"LoginProvider\" from accounts.\"AspNetUserLogins\" l join accounts.\"AspNetUsers\" u on u.\"Id\" = l.\"UserId\""))
            .ShouldBe([$"{email} {provider.Url}"], "one account, linked once");
    }
}
