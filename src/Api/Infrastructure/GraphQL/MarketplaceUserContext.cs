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

public static class ExecutionOptionsExtensions
{
    /// <summary>
    /// What every execution of the product's schema shares (/graphql, the pages, the streams): the parsed document (a
    /// document that passed validation before runs only the rules that read variables), the caller, and errors mapped to
    /// stable codes without detail.
    /// </summary>
    public static void Marketplace(this ExecutionOptions options, global::GraphQL.Types.ISchema schema, string query,
        GraphQLParser.AST.GraphQLDocument document, bool validatedBefore, IServiceProvider services, Identity.Actor actor,
        CancellationToken cancellation, MarketplaceErrorMapper errors)
    {
        options.Schema = schema;
        options.Query = query;
        options.Document = document;
        if (validatedBefore) options.ValidationRules = options.CachedDocumentValidationRules ?? [];
        options.RequestServices = services;
        options.UserContext = new MarketplaceUserContext(actor);
        options.CancellationToken = cancellation;
        options.ThrowOnUnhandledException = false;
        options.UnhandledExceptionDelegate = errors.Map;
    }
}
