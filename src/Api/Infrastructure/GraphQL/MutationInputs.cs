using GraphQL.Types;

namespace Marketplace.Api.Infrastructure.GraphQL;

public static class MutationInputs
{
    public static void ExpectedVersion(IInputObjectGraphType type) =>
        type.AddField(new FieldType
        {
            Name = "expectedVersion",
            Type = typeof(IntGraphType),
            Description = "The version you last saw; a different current version is a CONFLICT.",
        });

    public static void IdempotencyKey(IInputObjectGraphType type) =>
        type.AddField(new FieldType
        {
            Name = "idempotencyKey",
            Type = typeof(StringGraphType),
            Description = "Makes a retry safe: a repeat with the same key within 24 h answers like the first request and changes nothing; the same key with a different input is a CONFLICT.",
        });
}
