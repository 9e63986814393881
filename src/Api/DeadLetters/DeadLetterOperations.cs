using GraphQL;
using GraphQL.Types;
using JasperFx.Core;
using Marketplace.Api.Infrastructure.GraphQL;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Common;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace Marketplace.Api.DeadLetters;

public sealed record DeadLetterPage(int TotalCount, IReadOnlyList<DeadLetterEnvelope> Items);

public sealed class DeadLetterType : ObjectGraphType<DeadLetterEnvelope>
{
    public DeadLetterType()
    {
        Name = "DeadLetter";
        Description = "A background job that kept failing after its retries; it waits here until it is replayed.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("messageType").Resolve(c => c.Source.MessageType);
        Field<StringGraphType>("exceptionType").Resolve(c => c.Source.ExceptionType);
        Field<StringGraphType>("exceptionMessage").Resolve(c => c.Source.ExceptionMessage);
        Field<NonNullGraphType<DateTimeScalar>>("sentAt").Resolve(c => c.Source.SentAt);
        Field<DateTimeScalar>("failedAt").Resolve(c => c.Source.FailedAt);
        Field<NonNullGraphType<IntGraphType>>("replayCount").Resolve(c => c.Source.ReplayCount);
    }
}

public sealed class DeadLetterPageType : ObjectGraphType<DeadLetterPage>
{
    public DeadLetterPageType()
    {
        Name = "DeadLetterPage";
        Field(x => x.TotalCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeadLetterType>>>>("items").Resolve(c => c.Source.Items);
    }
}

public sealed class ReplayDeadLettersInput : IIdempotentInput
{
    public List<string> Ids { get; set; } = [];
    public string? IdempotencyKey { get; set; }
}

public sealed class ReplayDeadLettersInputType : InputObjectGraphType<ReplayDeadLettersInput>
{
    public ReplayDeadLettersInputType()
    {
        Name = "ReplayDeadLettersInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids").Description("Dead letters to run again, at most 100.");
        MutationInputs.IdempotencyKey(this);
    }
}

public sealed record DeadLettersReplayed(int Replayed);

public sealed class ReplayDeadLettersPayloadType : ObjectGraphType<DeadLettersReplayed>
{
    public ReplayDeadLettersPayloadType()
    {
        Name = "ReplayDeadLettersPayload";
        Field(x => x.Replayed).Description("How many of the ids were dead letters and go back to their queue.");
    }
}

/// <summary>Administrators see the jobs that ran out of retries (Wolverine's dead-letter store) and send them back.</summary>
public static class DeadLetterOperations
{
    public const int MaxPage = 100;

    public static void AddDeadLetterQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<DeadLetterPageType>>("deadLetters")
            .Description("Background jobs that kept failing, newest first (administrators only).")
            .Argument<IntGraphType>("first", "At most 100; 20 when omitted.")
            .Argument<StringGraphType>("messageType", "Only this message type, e.g. Marketplace.Domain.Submissions.ReviewSubmission.")
            .Argument<DateTimeScalar>("since", "Only jobs that failed at or after this moment.")
            .ResolveAsync(async c =>
            {
                c.Actor().RequireAdmin();
                var first = c.GetArgument<int?>("first") ?? 20;
                if (first is < 1 or > MaxPage) throw new ValidationFailed("first", $"first is between 1 and {MaxPage}.");
                var since = c.GetArgument<DateTimeOffset?>("since");
                var results = await DeadLetters(c).QueryAsync(new DeadLetterEnvelopeQuery(since is null ? TimeRange.AllTime() : new TimeRange(since, null))
                {
                    RangeOn = DeadLetterTimeField.FailedAt,
                    PageSize = first,
                    MessageType = c.GetArgument<string?>("messageType"),
                }, c.CancellationToken);
                return new DeadLetterPage(results.TotalCount, [.. results.Envelopes.OrderByDescending(e => e.SentAt)]);
            });

    public static void AddDeadLetterMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ReplayDeadLettersPayloadType>>("replayDeadLetters")
            .Description("Sends dead letters back to their queue to run again (administrators only).")
            .Argument<NonNullGraphType<ReplayDeadLettersInputType>>("input")
            .ResolveAsync(async c =>
            {
                c.Actor().RequireAdmin();
                var input = c.GetArgument<ReplayDeadLettersInput>("input");
                if (input.Ids.Count is 0 or > MaxPage) throw new ValidationFailed("ids", $"Give 1 to {MaxPage} ids.");
                var ids = input.Ids.Select(id => Ids.Parse("ids", id)).Distinct().ToArray();
                var deadLetters = DeadLetters(c);
                var found = await deadLetters.QueryAsync(new DeadLetterEnvelopeQuery(ids) { PageSize = MaxPage }, c.CancellationToken);
                if (found.Envelopes.Count > 0)
                    await deadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([.. found.Envelopes.Select(e => e.Id)]), c.CancellationToken);
                return new DeadLettersReplayed(found.Envelopes.Count);
            });

    private static IDeadLetters DeadLetters(IResolveFieldContext context) => context.Service<IWolverineRuntime>().Storage.DeadLetters;
}
