namespace Marketplace.Api.Infrastructure.Reliability;

/// <summary>Group commit's settings (section GroupCommit; docs/adr/0036).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Off: every command commits alone through Wolverine's handler.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Groups committing at once.</summary>
    public int Committers { get; set; } = 2;

    /// <summary>The most commands one group holds.</summary>
    public int MaxGroup { get; set; } = 32;

    /// <summary>The command types that commit in groups, each with how it decides outside a commit.</summary>
    public IReadOnlyDictionary<Type, Decide> Deciders { get; set; } = new Dictionary<Type, Decide>();
}
