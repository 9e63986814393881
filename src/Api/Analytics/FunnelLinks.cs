using Microsoft.AspNetCore.DataProtection;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Api.Analytics;

/// <summary>What hiringFunnelCsv answers: where the CSV can be downloaded, and until when that address works.</summary>
public sealed record FunnelDownload(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Download addresses for a funnel question already checked against its caller. The question, with the company scope
/// the caller was held to, travels sealed by data protection under a purpose of its own: the address needs no token,
/// cannot be altered, and stops working when it expires (the keys are shared by every node, so any node answers it).
/// </summary>
public sealed class FunnelLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Path = "/analytics/funnel.csv";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const string Purpose = "Marketplace.Analytics.FunnelCsv.v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public FunnelDownload Link(FunnelQuestion question, string site)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            // In clear as well, only to tell an expired link from a broken one (altering it changes nothing else).
            ["expires"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["q"] = protector.Protect(JsonSerializer.Serialize(question, Json), expires),
        });
        return new FunnelDownload($"{site}{Path}{query}", expires);
    }

    /// <summary>The question a link carries; a link that was altered, cut short or has expired is refused.</summary>
    public FunnelQuestion Read(IQueryCollection query)
    {
        try
        {
            return JsonSerializer.Deserialize<FunnelQuestion>(protector.Unprotect(query["q"].ToString(), out _), Json)
                   ?? throw DownloadLinkRefused.Invalid();
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Data protection says only that it refused (it checks the expiry against the system clock itself).
            var expired = DateTimeOffset.TryParse(query["expires"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                          && at <= clock.GetUtcNow();
            throw expired ? DownloadLinkRefused.Expired() : DownloadLinkRefused.Invalid();
        }
    }
}

/// <summary>A download link turned away: the status, a stable code and a sentence for whoever holds the link.</summary>
public sealed class DownloadLinkRefused(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static DownloadLinkRefused Expired() => new(StatusCodes.Status403Forbidden, "DOWNLOAD_LINK_EXPIRED",
        $"This download link has expired: links work for {FunnelLinks.Lifetime.TotalMinutes:0} minutes. Ask for a new one.");

    public static DownloadLinkRefused Invalid() => new(StatusCodes.Status400BadRequest, "DOWNLOAD_LINK_INVALID",
        "This download link is not valid: it was cut short or altered. Ask for a new one.");
}
