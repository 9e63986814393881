using Marten;
using Wolverine.Marten;

namespace Marketplace.Bench.Floor;

/// <summary>The one event every rung appends: a ~500-byte payload in a new stream, as bare Marten does.</summary>
public sealed record Appended(Guid Id, string Payload);

/// <summary>The stream type the Wolverine rung starts (nothing projects it).</summary>
public sealed class Trail
{
    public Guid Id { get; set; }
}

public sealed record AppendInput(string Payload);

public sealed record Append(string Payload);

public sealed record AppendAccepted(Guid Id);

/// <summary>Wolverine's rung: the handler decides, Wolverine's Marten middleware opens the session and commits.</summary>
public static class AppendHandler
{
    public static (AppendAccepted, IStartStream) Handle(Append command)
    {
        var id = Guid.NewGuid();
        return (new AppendAccepted(id), MartenOps.StartStream<Trail>(id, new Appended(id, command.Payload)));
    }
}

public static class Rungs
{
    /// <summary>A new stream with one event, committed by the request's own session.</summary>
    public static async Task<Guid> AppendDirectly(IDocumentSession session, string payload, CancellationToken cancellation)
    {
        var id = Guid.NewGuid();
        session.Events.StartStream<Trail>(id, new Appended(id, payload));
        await session.SaveChangesAsync(cancellation);
        return id;
    }

    /// <summary>The lowest rung: a minimal API endpoint over the same append, no GraphQL.</summary>
    public static async Task<IResult> MartenOverHttp(AppendInput input, IDocumentSession session, CancellationToken cancellation) =>
        Results.Ok(new { id = await AppendDirectly(session, input.Payload, cancellation) });
}
