using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Analytics.Reporting;
using Shouldly;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// The verb hashes a reporting login's password itself, so the password never reaches the server. The verifier it
/// stores must let the server check a real SCRAM-SHA-256 exchange: the one of RFC 7677, section 3.
/// </summary>
public class reporting_password
{
    private const string AuthMessage =
        "n=user,r=rOprNGfwEbeRWgbNEkqO," +
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    [Fact]
    public void the_stored_verifier_checks_the_rfcs_client_proof_and_signs_as_its_server()
    {
        var verifier = ScramVerifier.Of("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="));
        verifier.ShouldStartWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        var keys = verifier.Split('$')[2].Split(':').Select(Convert.FromBase64String).ToArray();
        var (storedKey, serverKey) = (keys[0], keys[1]);

        // The server's check: the client key is the proof without the client signature, and hashes to the stored key.
        var clientSignature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(AuthMessage));
        var proof = Convert.FromBase64String("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        SHA256.HashData([.. proof.Zip(clientSignature, (p, s) => (byte)(p ^ s))]).ShouldBe(storedKey);
        Convert.ToBase64String(HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(AuthMessage)))
            .ShouldBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void only_printable_ascii_is_hashed_here()
    {
        ScramVerifier.Accepts("correct horse battery staple!").ShouldBeTrue();
        ScramVerifier.Accepts("naïve").ShouldBeFalse("SASLprep could change it, and the server would hash something else");
        ScramVerifier.Accepts("tab\there").ShouldBeFalse();
        ScramVerifier.Accepts("").ShouldBeFalse();
    }
}
