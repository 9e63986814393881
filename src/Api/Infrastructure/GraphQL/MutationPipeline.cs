using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Reliability;
using Marketplace.Domain.Common;
using Marten;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wolverine;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>
/// The one path every mutation takes: authorise the caller, read the input, send one command (under the input's
/// idempotency key when it has one), answer. A mutation declares each step:
/// <code>
/// mutation.Mutation&lt;PostingPayloadType, PublishPostingInputType&gt;("publishPosting", "...")
///     .Authorise(actor => actor.RequireCompanyMember())
///     .Input&lt;PostingLifecycleInput&gt;()
///     .Sends((c, input, company) => ...Command.About(id, new PublishPosting(...)))
///     .Answers(Load);
/// </code>
/// Under a key (docs/adr/0011, 0021) a repeat within the window sends nothing and answers what the first request
/// answered; the same key with another input is a CONFLICT. The key's record commits with the command's events: it
/// travels to the handler in the command's envelope (<see cref="IdempotencyClaim"/>).
/// </summary>
public static class MutationPipeline
{
    public static Declared Mutation<TPayloadType, TInputType>(this ObjectGraphType mutation, string name, string? description)
        where TPayloadType : IGraphType where TInputType : IInputObjectGraphType =>
        new(mutation.Field<NonNullGraphType<TPayloadType>>(name).Description(description).Argument<NonNullGraphType<TInputType>>("input"));

    public sealed record Declared(FieldBuilder<object?, object> Field)
    {
        public Authorised<TCaller> Authorise<TCaller>(Func<Actor, TCaller> authorise) => new(Field, authorise);

        /// <summary>For a check that only turns callers away: the caller is the <see cref="Actor"/>.</summary>
        public Authorised<Actor> Authorise(Action<Actor> authorise) => new(Field, actor => { authorise(actor); return actor; });
    }

    public sealed record Authorised<TCaller>(FieldBuilder<object?, object> Field, Func<Actor, TCaller> Authorise)
    {
        public Reading<TCaller, TInput> Input<TInput>() where TInput : IIdempotentInput => new(Field, Authorise);
    }

    public sealed record Reading<TCaller, TInput>(FieldBuilder<object?, object> Field, Func<Actor, TCaller> Authorise) where TInput : IIdempotentInput
    {
        public Sending<TCaller, TInput> Sends(Func<IResolveFieldContext, TInput, TCaller, Command> command) =>
            new(Field, Authorise, (c, input, caller) => Task.FromResult(command(c, input, caller)));

        public Sending<TCaller, TInput> Sends(Func<IResolveFieldContext, TInput, TCaller, Task<Command>> command) =>
            new(Field, Authorise, command);
    }

    public sealed record Sending<TCaller, TInput>(
        FieldBuilder<object?, object> Field, Func<Actor, TCaller> Authorise, Func<IResolveFieldContext, TInput, TCaller, Task<Command>> Build)
        where TInput : IIdempotentInput
    {
        /// <summary>The last step: <paramref name="load"/> reads the object the mutation answers with, by its id.</summary>
        public void Answers<TAnswer>(Func<IResolveFieldContext, Guid, Task<TAnswer>> load) where TAnswer : class =>
#pragma warning disable GQL012 // the analyzer cannot follow the builder here; Mutation() made it on the mutation type
            Field.ResolveAsync(async c =>
            {
                var caller = Authorise(c.Actor());
                var input = c.GetArgument<TInput>("input");
                return input.IdempotencyKey is { } key
                    ? await Idempotently(c, key, input, load, () => Build(c, input, caller))
                    : await Once(c, await Build(c, input, caller), load);
            });
#pragma warning restore GQL012
    }

    private static async Task<TAnswer> Once<TAnswer>(IResolveFieldContext c, Command command, Func<IResolveFieldContext, Guid, Task<TAnswer>> load)
        where TAnswer : class
    {
        var (id, answer) = await command.Send(c.RequestServices!, null, c.CancellationToken);
        return answer as TAnswer ?? await load(c, id);
    }

    private static async Task<TAnswer> Idempotently<TAnswer>(IResolveFieldContext c, string key, IIdempotentInput input,
        Func<IResolveFieldContext, Guid, Task<TAnswer>> load, Func<Task<Command>> command) where TAnswer : class
    {
        if (key.Length is 0 or > IdempotencyOptions.MaxKeyLength)
            throw new ValidationFailed("idempotencyKey", $"An idempotency key has 1 to {IdempotencyOptions.MaxKeyLength} characters.");
        var window = c.Service<IdempotencyOptions>().Window;
        var now = c.Service<TimeProvider>().GetUtcNow();
        var operation = c.FieldDefinition.Name;
        var record = new IdempotencyRecord
            { Id = RecordId(c.Actor().Subject, key), Operation = operation, InputHash = InputHash(operation, input), CreatedAt = now };
        var existing = await Find(c, record.Id);
        if (existing is not null && existing.CreatedAt > now - window) return await Repeat(c, existing, record.InputHash, load);

        try
        {
            var sent = await command();
            var claim = new IdempotencyClaim(record, sent.Answers, typeof(TAnswer).FullName!, ReplacesExpired: existing is not null);
            var (id, answer) = await sent.Send(c.RequestServices!, claim, c.CancellationToken);
            // The first request answers what its commit stored, as every repeat will; a command that changed nothing stored no key.
            return await Find(c, record.Id) is { } stored ? await Repeat(c, stored, record.InputHash, load) : answer as TAnswer ?? await load(c, id);
        }
        catch (Exception)
        {
            // A twin request with the same key may have committed first: then this one answers like the twin did.
            if (await Find(c, record.Id) is { } twin && twin.CreatedAt > now - window) return await Repeat(c, twin, record.InputHash, load);
            throw;
        }
    }

    private static async Task<TAnswer> Repeat<TAnswer>(IResolveFieldContext c, IdempotencyRecord record, string hash,
        Func<IResolveFieldContext, Guid, Task<TAnswer>> load) where TAnswer : class
    {
        if (record.InputHash != hash) throw new IdempotencyKeyReused(record.Operation);
        if (record.Answer is null) return await load(c, record.ResultId);
        await using var json = new MemoryStream(Encoding.UTF8.GetBytes(record.Answer));
        return c.Service<IDocumentStore>().Options.Serializer().FromJson<TAnswer>(json);
    }

    private static Task<IdempotencyRecord?> Find(IResolveFieldContext c, string id) =>
        c.Service<IQuerySession>().LoadAsync<IdempotencyRecord>(id, c.CancellationToken);

    private static string RecordId(Guid? subject, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subject?.ToString() ?? "anonymous"}\n{key}")));

    /// <summary>The operation and its input without the key, hashed.</summary>
    private static string InputHash(string operation, IIdempotentInput input)
    {
        var rest = JsonSerializer.SerializeToNode(input, input.GetType())!.AsObject();
        rest.Remove(nameof(IIdempotentInput.IdempotencyKey));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{rest.ToJsonString()}")));
    }
}

/// <summary>The one command a mutation sends, and how the id of the object it answers with is known.</summary>
public sealed class Command
{
    private Command(Guid? answers, Func<IServiceProvider, IdempotencyClaim?, CancellationToken, Task<(Guid, object?)>> send) =>
        (Answers, Send) = (answers, send);

    /// <summary>The id of the answer when it is known before the command runs.</summary>
    public Guid? Answers { get; }

    internal Func<IServiceProvider, IdempotencyClaim?, CancellationToken, Task<(Guid Id, object? Answer)>> Send { get; }

    /// <summary>A command about an object whose id the mutation knows: it answers with that object.</summary>
    public static Command About(Guid id, object message) => new(id, async (services, claim, token) =>
    {
        await Dispatch(services, message, claim, async (bus, options) =>
        {
            await (options is null ? bus.InvokeAsync(message, token) : bus.InvokeAsync(message, options, token));
            return null;
        }, token);
        return (id, null);
    });

    /// <summary>
    /// A command whose handler decides the new object's id and says so in its response; <paramref name="answer"/> builds
    /// the answer from the response when it holds everything the read model would.
    /// </summary>
    public static Command Creating<TResponse>(object message, Func<TResponse, Guid> id, Func<TResponse, object>? answer = null) =>
        new(null, async (services, claim, token) =>
        {
            var response = (TResponse)(await Dispatch(services, message, claim, async (bus, options) =>
                await (options is null ? bus.InvokeAsync<TResponse>(message, token) : bus.InvokeAsync<TResponse>(message, options, token)), token))!;
            return (id(response), answer?.Invoke(response));
        });

    /// <summary>
    /// Through group commit when the command type has a decider there, otherwise (and whenever its group cannot commit)
    /// alone through Wolverine's handler, with the key's claim in its envelope (docs/adr/0036).
    /// </summary>
    private static Task<object?> Dispatch(IServiceProvider services, object message, IdempotencyClaim? claim,
        Func<IMessageBus, DeliveryOptions?, Task<object?>> invoke, CancellationToken token)
    {
        var bus = services.GetRequiredService<IMessageBus>();
        Task<object?> Alone() => invoke(bus, claim?.ToDeliveryOptions());
        var group = services.GetRequiredService<GroupCommit>();
        return group.DeciderFor(message) is { } decide ? group.Send(message, decide, claim, Alone, token) : Alone();
    }
}
