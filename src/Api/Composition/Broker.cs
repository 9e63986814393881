using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Wolverine;
using Wolverine.RabbitMQ;

namespace Marketplace.Api.Composition;

/// <summary>
/// The background work's messages over RabbitMQ instead of local queues, when Broker__RabbitMq names a broker
/// (amqp://user:password@host:5672/vhost). Sends go through the durable outbox (stored with the events, in the same
/// transaction, then forwarded) and arrive in the durable inbox (stored before they are acknowledged to the broker), so
/// a node or broker outage loses nothing. Failures keep going to Wolverine's dead-letter table, where the admin
/// deadLetters/replayDeadLetters mutations find them, not to RabbitMQ's own dead-letter queue.
/// </summary>
public static class Broker
{
    public const string FeedbackQueue = "marketplace.feedback";
    public const string CopiesQueue = "marketplace.copies";
    public const string PipelineQueue = "marketplace.pipeline";

    public static void UseMarketplaceBroker(this WolverineOptions opts, string uri, BackgroundCapacity capacity)
    {
        opts.UseRabbitMq(new Uri(uri))
            // Declares the queues it uses on start-up (idempotent), so a new broker needs no set-up script.
            .AutoProvision()
            .CustomizeDeadLetterQueueing(new DeadLetterQueue("marketplace.dead-letters", DeadLetterQueueMode.WolverineStorage));

        // Reviews and copy checks: any node takes them, as many at once as its capacity, each kind in its own queue so
        // that reviews never wait behind copy checks.
        opts.PublishMessage<ReviewSubmission>().ToRabbitQueue(FeedbackQueue).UseDurableOutbox();
        opts.ListenToRabbitQueue(FeedbackQueue).UseDurableInbox().MaximumParallelMessages(capacity.Reviews);
        opts.PublishMessage<CheckForCopies>().ToRabbitQueue(CopiesQueue).UseDurableOutbox();
        opts.ListenToRabbitQueue(CopiesQueue).UseDurableInbox().MaximumParallelMessages(capacity.CopyChecks);

        // Closing a posting's pipeline and counting hires change other streams: one at a time, in order, across the
        // cluster: a single node listens (the leader reassigns it when that node dies).
        opts.PublishMessage<ClosePostingPipeline>().ToRabbitQueue(PipelineQueue).UseDurableOutbox();
        opts.PublishMessage<RecordHire>().ToRabbitQueue(PipelineQueue).UseDurableOutbox();
        opts.ListenToRabbitQueue(PipelineQueue).UseDurableInbox().ListenWithStrictOrdering();
    }
}
