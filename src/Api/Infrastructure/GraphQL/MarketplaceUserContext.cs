using GraphQL;
using Marketplace.Api.Infrastructure.Identity;

namespace Marketplace.Api.Infrastructure.GraphQL;

public sealed class MarketplaceUserContext(Actor actor) : Dictionary<string, object?>
{
    public Actor Actor { get; } = actor;
}

public static class ResolveContextExtensions
{
    public static Actor Actor(this IResolveFieldContext context) =>
        (context.UserContext as MarketplaceUserContext)?.Actor ?? Identity.Actor.Anonymous;

    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();
}
