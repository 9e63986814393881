namespace Marketplace.Projections.Common;

/// <summary>A document listed newest first and paged by (ListedAt, Id).</summary>
public interface IListed
{
    Guid Id { get; }
    DateTimeOffset ListedAt { get; }
}

public static class Timestamps
{
    /// <summary>PostgreSQL keeps microseconds; cursors compare against the column, so documents keep the same.</summary>
    public static DateTimeOffset Micro(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
