using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Common;
using Wolverine;

using Marketplace.Api.Infrastructure.Reliability;

namespace Marketplace.Api.Privacy;

public sealed class EraseMyDataInput : IIdempotentInput
{
    public bool Confirm { get; set; }
    public string? IdempotencyKey { get; set; }
}

public sealed class EraseMyDataInputType : InputObjectGraphType<EraseMyDataInput>
{
    public EraseMyDataInputType()
    {
        Name = "EraseMyDataInput";
        Field<NonNullGraphType<BooleanGraphType>>("confirm").Description("Must be true: erasure cannot be undone.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed record Erasure(bool Erased);

public sealed class ErasurePayloadType : ObjectGraphType<Erasure>
{
    public ErasurePayloadType()
    {
        Name = "ErasurePayload";
        Field(x => x.Erased);
    }
}

public static class ErasureOperations
{
    public static void AddErasure(this ObjectGraphType mutation) =>
        mutation.Mutation<ErasurePayloadType, EraseMyDataInputType>("eraseMyData",
                "Erases your personal data (GDPR): your profile leaves every read model and is masked in the stored events. Scores and statistics stay, under your pseudonym.")
            .Authorise(actor => actor.RequireCandidate())
            .Input<EraseMyDataInput>()
            .Sends((_, input, candidate) => input.Confirm
                ? Command.About(candidate, new EraseMyData(candidate))
                : throw new ValidationFailed("confirm", "Set confirm to true to erase your data."))
            .Answers((_, _) => Task.FromResult(new Erasure(true)));
}
