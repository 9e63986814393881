using Marketplace.Api.Analytics;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// Who gets a download link (exactly those who may ask hiringFunnel), and what the link is worth: the figures of the
/// question it was made for, to anyone holding it, for five minutes; altered or late, nothing.
/// </summary>
public class funnel_download_links(AppFixture app)
{
    /// <summary>A clock that stands where it is put: links made by it expire as seen from then.</summary>
    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<string> Url(string token, object filter) =>
        (await app.DownloadLink(token, filter)).Data("hiringFunnelCsv.url").GetString()!;

    [Fact]
    public async Task only_those_who_may_ask_the_funnel_get_a_link_and_only_for_their_own_company()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var filter = hiring_funnel.Filter(history);
        (await app.DownloadLink(null, filter)).ShouldFailWith("UNAUTHENTICATED");
        (await app.DownloadLink(app.Token(Roles.Candidate), filter)).ShouldFailWith("FORBIDDEN");
        (await app.DownloadLink(app.Token(Roles.Company, company: Guid.NewGuid()), filter)).ShouldFailWith("FORBIDDEN");
        (await app.DownloadLink(app.Token(Roles.Analyst, company: Guid.NewGuid()), filter)).ShouldFailWith("FORBIDDEN");

        // A company's member asks without naming the company: the link still holds that company's figures only.
        var own = await Url(app.Token(Roles.Company, company: history.Company), new { from = GoldenHistory.From, to = GoldenHistory.To });
        FunnelDownloads.Lines((await app.Download(own)).Body).ShouldAllBe(l => l.Group == "all" && l.Applications == 9);
    }

    [Fact]
    public async Task a_bad_filter_gets_the_validation_error_hiring_funnel_gives()
    {
        var analyst = app.Token(Roles.Analyst);
        var backwards = await app.DownloadLink(analyst, new { from = GoldenHistory.To, to = GoldenHistory.From });
        backwards.ShouldFailWith("VALIDATION_FAILED");
        backwards.ErrorExtensions.GetProperty("field").GetString().ShouldBe("filter.to");
        (await app.DownloadLink(analyst, new { from = GoldenHistory.From, to = GoldenHistory.To, postingId = "nope" })).ShouldFailWith("VALIDATION_FAILED");
        (await app.DownloadLink(analyst, new { from = GoldenHistory.From, to = GoldenHistory.From.AddDays(900) })).ShouldFailWith("VALIDATION_FAILED");
    }

    [Fact]
    public async Task a_link_works_without_a_token_for_five_minutes()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var before = DateTimeOffset.UtcNow;
        var link = (await app.DownloadLink(app.Token(Roles.Analyst), hiring_funnel.Filter(history))).Data("hiringFunnelCsv");
        var expires = link.GetProperty("expiresAt").GetDateTimeOffset();
        expires.ShouldBeInRange(before.AddMinutes(5), DateTimeOffset.UtcNow.AddMinutes(5));
        var url = new Uri(link.GetProperty("url").GetString()!);
        url.AbsolutePath.ShouldBe("/analytics/funnel.csv");
        (await app.Download(url.ToString())).Status.ShouldBe(200);
    }

    [Fact]
    public async Task an_altered_link_is_refused_with_a_plain_message_and_a_code()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var url = await Url(app.Token(Roles.Company, company: history.Company), hiring_funnel.Filter(history));
        var query = QueryHelpers.ParseQuery(new Uri(url).Query);
        var sealedQuestion = query["q"].ToString();
        var altered = sealedQuestion[..40] + (sealedQuestion[40] == 'A' ? 'B' : 'A') + sealedQuestion[41..];

        foreach (var wrong in new[] { Relink(query["expires"], altered), Relink(query["expires"], sealedQuestion[..^4]), Relink(query["expires"], null),
                     Relink(query["expires"], Sealed(history, "Marketplace.Some.Other.Purpose", DateTimeOffset.UtcNow.AddMinutes(5))) })
        {
            var refused = await app.Download(wrong);
            refused.Status.ShouldBe(400);
            refused.AsError.ShouldFailWith("DOWNLOAD_LINK_INVALID");
            refused.AsError.Errors[0].GetProperty("message").GetString()!.ShouldContain("not valid");
        }
        var page = await app.Download(Relink(query["expires"], altered), accept: "text/html");
        page.Status.ShouldBe(400);
        page.Body.ShouldContain("data-code=\"DOWNLOAD_LINK_INVALID\"");
        page.Body.ShouldContain("Download CSV");
    }

    [Fact]
    public async Task an_expired_link_is_refused_even_with_its_clear_expiry_moved_on()
    {
        var history = await GoldenHistory.WrittenTo(app);
        var links = new FunnelLinks(app.Host.Services.GetRequiredService<IDataProtectionProvider>(), new StoppedClock(DateTimeOffset.UtcNow.AddMinutes(-6)));
        var question = new FunnelQuestion(new FunnelRequest(GoldenHistory.From, GoldenHistory.To, null, false, FunnelGroupBy.None), new FunnelScope(history.Company));
        var stale = links.Link(question, "http://localhost");
        stale.ExpiresAt.ShouldBeLessThan(DateTimeOffset.UtcNow);

        var refused = await app.Download(stale.Url);
        refused.Status.ShouldBe(403);
        refused.AsError.ShouldFailWith("DOWNLOAD_LINK_EXPIRED");
        refused.AsError.Errors[0].GetProperty("message").GetString()!.ShouldContain("expired");
        var query = QueryHelpers.ParseQuery(new Uri(stale.Url).Query);
        (await app.Download(Relink(DateTimeOffset.UtcNow.AddHours(1).ToString("O"), query["q"]))).AsError.ShouldFailWith("DOWNLOAD_LINK_INVALID");

        // The same question sealed by a clock that is right works: the refusal was the expiry, not the question.
        var fresh = new FunnelLinks(app.Host.Services.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System).Link(question, "");
        (await app.Download(fresh.Url)).Status.ShouldBe(200);
    }

    private static string Relink(string? expires, string? sealedQuestion) =>
        QueryHelpers.AddQueryString(FunnelLinks.Path, new Dictionary<string, string?> { ["expires"] = expires, ["q"] = sealedQuestion }
            .Where(p => p.Value is not null));

    /// <summary>A well-formed question sealed under another purpose: data protection of another feature.</summary>
    private string Sealed(GoldenHistory history, string purpose, DateTimeOffset expires) =>
        app.Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).ToTimeLimitedDataProtector()
            .Protect($$$"""{"request":{"from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","groupBy":"None"},"scope":{"companyId":"{{{history.Company}}}"}}""", expires);
}
