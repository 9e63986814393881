using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// What a schema object of our own writes into its comment, so that the migrator tells its definition apart from an
/// older one: the first 16 hex digits of the SHA-256 of the script that makes it (<see cref="TriggerKeptTables"/>, the
/// reporting schema).
/// </summary>
public static class SchemaFingerprint
{
    public static string Of(string script) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];
}
