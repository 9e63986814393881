using System.Security.Cryptography;

namespace Marketplace.Domain.Candidates;

/// <summary>
/// Pseudonymous public handles such as "quiet-heron-4821": stable for a candidate, derived from the id only,
/// so they reveal nothing about the person and survive erasure of the profile.
/// </summary>
public static class Handles
{
    private static readonly string[] Adjectives =
    [
        "amber", "bold", "brisk", "calm", "clever", "crisp", "daring", "eager", "fair", "gentle", "keen", "lucid",
        "merry", "nimble", "patient", "quiet", "rapid", "steady", "swift", "tidy", "vivid", "wise", "witty", "zesty",
    ];

    private static readonly string[] Animals =
    [
        "badger", "crane", "dolphin", "falcon", "fox", "gecko", "heron", "ibis", "jaguar", "koala", "lynx", "marten",
        "narwhal", "otter", "owl", "panda", "puffin", "quokka", "raven", "seal", "tapir", "walrus", "wolf", "yak",
    ];

    public static string For(Guid candidateId)
    {
        var hash = SHA256.HashData(candidateId.ToByteArray());
        var number = BitConverter.ToUInt16(hash, 2) % 10_000;
        return $"{Adjectives[hash[0] % Adjectives.Length]}-{Animals[hash[1] % Animals.Length]}-{number:D4}";
    }
}
