using GraphQL.Types;

namespace Marketplace.Api.GraphQL.Common;

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
            Description = "Reserved for safe retries of this mutation; accepted, not yet enforced.",
        });
}
