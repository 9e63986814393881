using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Wolverine;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>
/// A local queue holds at most 10,000 messages in memory and its senders wait while it is full: a handler that sent
/// into its own queue could wait on the only workers able to empty it, and then every request sending into it hung.
/// </summary>
public class background_queues(AppFixture app)
{
    [Fact]
    public void a_review_sends_its_copy_check_to_another_queue_than_its_own() =>
        SentElsewhere(new ReviewSubmission(Guid.NewGuid(), Guid.NewGuid()), new CheckForCopies(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

    [Fact]
    public void a_hire_sends_the_posting_s_closing_to_another_queue_than_its_own() =>
        SentElsewhere(new RecordHire(Guid.NewGuid(), Guid.NewGuid()), new ClosePostingPipeline(Guid.NewGuid(), CloseReason.Filled));

    /// <summary>The queue <paramref name="sent"/> goes to is not the one <paramref name="handled"/> waits in.</summary>
    private void SentElsewhere(object handled, object sent)
    {
        using var scope = app.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var from = bus.PreviewSubscriptions(handled).ShouldHaveSingleItem().Destination!;
        var to = bus.PreviewSubscriptions(sent).ShouldHaveSingleItem().Destination!;

        // Over a broker both are sent on through the outbox, never into the handling node's own buffer.
        if (from.Scheme == "local" || to.Scheme == "local") to.ShouldNotBe(from);
    }
}
