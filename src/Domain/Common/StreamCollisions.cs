using JasperFx.Core;
using Marten.Exceptions;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Domain.Common;

/// <summary>
/// Streams with derived ids (submissions, applications) are started by racing commands; the loser of a race hits the
/// existing stream and decides again on fresh state, where it finds the winner (docs/adr/0008, 0010).
/// </summary>
public static class StreamCollisions
{
    public static void DecideAgainOnCollision(HandlerChain chain) =>
        chain.OnException<ExistingStreamIdCollisionException>().RetryWithCooldown(5.Milliseconds(), 10.Milliseconds(),
            20.Milliseconds(), 40.Milliseconds(), 80.Milliseconds(), 160.Milliseconds());
}
