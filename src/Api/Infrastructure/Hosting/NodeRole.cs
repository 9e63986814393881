namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// What of the background work a node takes on (<c>Node__Role</c>, docs/adr/0040). Every node serves requests and
/// handles the messages it sends itself; the role says which of the async daemon's projections and subscriptions it
/// competes for.
/// </summary>
public enum NodeRole
{
    /// <summary>Everything, as one node alone needs: the projections and the webhook fan-out.</summary>
    All,

    /// <summary>The projections, not the webhook fan-out: a node beside one or more <see cref="Deliveries"/> nodes.</summary>
    Api,

    /// <summary>Only the webhook fan-out and the attempts it sends this node: deliveries away from the nodes that answer.</summary>
    Deliveries,
}

public static class NodeRoles
{
    public const string Setting = "Node:Role";

    public static NodeRole Of(IConfiguration configuration) => configuration.GetValue(Setting, NodeRole.All);

    /// <summary>Whether the node competes for the webhook fan-out.</summary>
    public static bool RunsTheFanOut(this NodeRole role) => role != NodeRole.Api;
}
