namespace Marketplace.Api.Accounts;

/// <summary>
/// An RSA key of the built-in provider (docs/adr/0025): the newest of each use signs or encrypts, all of them are
/// published (JWKS) and accepted, so a token signed before a rotation stays valid until it expires.
/// </summary>
public sealed class SigningKey
{
    public const string Signing = "signing";
    public const string Encryption = "encryption";

    public Guid Id { get; set; }
    public string Use { get; set; } = Signing;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>From when it signs; published from its creation, so that every node knows it before it is used.</summary>
    public DateTimeOffset ActiveFrom { get; set; }
    /// <summary>The private key, PKCS#8 PEM.</summary>
    public string Pem { get; set; } = "";
}
