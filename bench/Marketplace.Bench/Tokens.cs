using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Marketplace.Bench;

/// <summary>
/// The bench's own OpenID Connect provider, as an operator's Keycloak or Entra ID would be (docs/adr/0026): it serves a
/// discovery document and its JWKS on a loopback port, and mints RS256 access tokens with a verified email for the
/// people of the load. The API is started with <c>Auth__Authority</c> naming it and links each subject to an account on
/// first use, then reads that account's roles and memberships with every request, exactly as in production: no shared
/// key is involved anywhere.
/// </summary>
public sealed class Tokens : IAsyncDisposable
{
    public const string Audience = "marketplace";

    private readonly RSA key = RSA.Create(2048);
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly Dictionary<string, string> granted = [];

    public string Issuer { get; }

    public Tokens()
    {
        Issuer = $"http://127.0.0.1:{FreePort()}";
        listener.Prefixes.Add($"{Issuer}/");
        listener.Start();
        serving = Task.Run(Serve);
    }

    /// <summary>A platform administrator or analyst: linked by a first request, then given the role with the accounts verb.</summary>
    public async Task<string> Platform(string role, GraphQLClient client, ApiLauncher launcher, string connectionString, CancellationToken cancellation)
    {
        var email = $"{role}@bench.example";
        var token = Mint($"bench-{role}", email);
        var grantedKey = $"{connectionString}\n{role}";
        lock (granted)
            if (granted.ContainsKey(grantedKey)) return token;
        await client.Data(GraphQLRequest.Of("{ me { role } }", null, token), cancellation);
        await launcher.RunVerbOrFail(connectionString, cancellation, "accounts", "grant", email, role);
        lock (granted) granted[grantedKey] = token;
        return token;
    }

    /// <summary>The owner of a company the bench registers: the account that registers it, approved by the administrator.</summary>
    public string Owner(string companySlug) => Mint($"bench-owner-{companySlug}", $"owner@{companySlug}.bench.example");

    public string Candidate(Guid candidateId) => Mint($"bench-candidate-{candidateId:N}", $"{candidateId:N}@bench.example");

    private string Mint(string subject, string email)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "bench" }));
        var claims = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = subject, ["email"] = email, ["email_verified"] = true,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["exp"] = DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeSeconds(),
        }));
        var unsigned = $"{header}.{claims}";
        return $"{unsigned}.{Encode(key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    private async Task Serve()
    {
        var parameters = key.ExportParameters(false);
        var jwks = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "bench", n = Encode(parameters.Modulus!), e = Encode(parameters.Exponent!) } },
        });
        var discovery = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["jwks_uri"] = $"{Issuer}/jwks", ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" }, ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        while (listener.IsListening)
        {
            HttpListenerContext request;
            try
            {
                request = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            var body = request.Request.Url!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => discovery,
                "/jwks" => jwks,
                _ => null,
            };
            request.Response.StatusCode = body is null ? 404 : 200;
            request.Response.ContentType = "application/json";
            if (body is not null) await request.Response.OutputStream.WriteAsync(body);
            request.Response.Close();
        }
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try { await serving; } catch (ObjectDisposedException) { }
        key.Dispose();
    }
}
