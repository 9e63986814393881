using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// Mints the HS256 tokens the API accepts, with the signing key the bench gives the API: no round trip to the API's
/// token verb, and no dependency on its code.
/// </summary>
public sealed class Tokens(string signingKey)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string Header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] key = Encoding.UTF8.GetBytes(signingKey);

    /// <summary>A fresh random key of 48 characters for one run.</summary>
    public static string NewSigningKey() => RandomNumberGenerator.GetString(Alphabet, 48);

    public string Admin() => Mint("admin", Guid.NewGuid());
    public string Analyst() => Mint("analyst", Guid.NewGuid());
    public string CompanyMember(Guid companyId) => Mint("company", Guid.NewGuid(), companyId);
    public string Candidate(Guid candidateId) => Mint("candidate", candidateId);

    private string Mint(string role, Guid subject, Guid? companyId = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "marketplace",
            ["aud"] = "marketplace",
            ["sub"] = subject.ToString(),
            ["role"] = role,
            ["exp"] = DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeSeconds(),
        };
        if (companyId is { } company) claims["company_id"] = company.ToString();
        var unsigned = $"{Header}.{Encode(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        return $"{unsigned}.{Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
