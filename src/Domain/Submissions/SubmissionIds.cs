using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Domain.Submissions;

/// <summary>
/// A submission's stream id is derived from (challenge, candidate, attempt number). Two submissions racing for the
/// same attempt collide on the stream id, so the loser retries as the next attempt or hits the limit: the attempt
/// limit holds without locks.
/// </summary>
public static class SubmissionIds
{
    public static Guid For(Guid challengeId, Guid candidateId, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"submission/{challengeId:N}/{candidateId:N}/{attempt}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: a custom, name-derived UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
