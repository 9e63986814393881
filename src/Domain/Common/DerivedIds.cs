using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Domain.Common;

/// <summary>Name-based UUIDs (version 8): the same name always gives the same stream id.</summary>
public static class DerivedIds
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
