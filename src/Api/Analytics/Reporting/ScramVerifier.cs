using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Api.Analytics.Reporting;

/// <summary>
/// A password as PostgreSQL stores it for SCRAM-SHA-256 (RFC 5802, RFC 7677), made here the way psql's \password
/// makes it, so that the password itself never travels to the server nor lands in its statement log.
/// </summary>
public static class ScramVerifier
{
    public const int Iterations = 4096;

    /// <summary>
    /// Passwords of printable ASCII only: for them SASLprep, which the server applies before hashing, changes nothing,
    /// so the verifier made here is the one the server would make.
    /// </summary>
    public static bool Accepts(string password) => password.Length > 0 && password.All(c => c is >= ' ' and <= '~');

    public static string Of(string password) => Of(password, RandomNumberGenerator.GetBytes(16));

    public static string Of(string password, byte[] salt)
    {
        if (!Accepts(password)) throw new ArgumentException("Only printable ASCII passwords are hashed here.", nameof(password));
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
