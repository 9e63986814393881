namespace Marketplace.Domain.Common;

public static class Versioning
{
    /// <summary>A client that names the version it saw gets a conflict when the stream has moved on.</summary>
    public static void MustMatch(int? expected, int current)
    {
        if (expected is { } version && version != current) throw new Conflict(current);
    }
}
