using System.Collections.Concurrent;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Marten;
using Wolverine;

namespace Marketplace.Bench.Floor;

/// <summary>Two mutations over the same append: straight to Marten, and through Wolverine as the product's commands go.</summary>
public sealed class FloorSchema : Schema
{
    public FloorSchema(IServiceProvider services) : base(services)
    {
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("floor").Resolve(_ => "floor");
        Query = query;

        var mutation = new ObjectGraphType { Name = "Mutation" };
        mutation.Field<NonNullGraphType<IdGraphType>>("appendDirectly")
            .Argument<NonNullGraphType<StringGraphType>>("payload")
            .ResolveAsync(async c => (object?)await Rungs.AppendDirectly(
                c.RequestServices!.GetRequiredService<IDocumentSession>(), c.GetArgument<string>("payload"), c.CancellationToken));
        mutation.Field<NonNullGraphType<IdGraphType>>("append")
            .Argument<NonNullGraphType<StringGraphType>>("payload")
            .ResolveAsync(async c => (object?)(await c.RequestServices!.GetRequiredService<IMessageBus>()
                .InvokeAsync<AppendAccepted>(new Append(c.GetArgument<string>("payload")), c.CancellationToken)).Id);
        Mutation = mutation;
    }
}

/// <summary>
/// GraphQL over HTTP reduced to what every request needs: read the JSON body, execute, write the answer. Like the API's
/// endpoint it keeps documents that passed validation and re-runs only the rules that read variables.
/// </summary>
public sealed class FloorEndpoint(IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer)
{
    private readonly ConcurrentDictionary<string, GraphQLDocument> validated = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted)
            ?? throw new BadHttpRequestException("No GraphQL request.");
        var known = validated.GetValueOrDefault(request.Query!);
        var document = known ?? Parser.Parse(request.Query!);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = request.Query;
            options.Document = document;
            if (known is not null) options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            options.Variables = request.Variables;
            options.RequestServices = http.RequestServices;
            options.CancellationToken = http.RequestAborted;
        });
        if (known is null && result.Executed) validated.TryAdd(request.Query!, document);
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}

public static class FloorGraphQLSetup
{
    public static void AddFloorGraphQL(this IServiceCollection services)
    {
        services.AddGraphQL(b => b.AddSchema<FloorSchema>().AddSystemTextJson());
        services.AddSingleton<FloorEndpoint>();
    }
}
