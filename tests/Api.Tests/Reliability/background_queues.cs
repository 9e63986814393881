using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Runtime;

namespace Marketplace.Api.Tests.Reliability;

/// <summary>
/// A local queue holds at most 10,000 messages in memory and its senders wait while it is full: a handler that sent
/// into its own queue could wait on the only workers able to empty it, and then every request sending into it hung.
/// </summary>
public class background_queues(AppFixture app)
{
    [Fact]
    public void a_failed_review_sends_its_copy_check_to_another_queue_than_the_reviews() =>
        SentElsewhere(new ReviewSubmission(Guid.NewGuid(), Guid.NewGuid()), new CheckForCopies(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()),
            overTheBrokerToo: true);

    [Fact]
    public void a_hire_sends_the_posting_s_closing_to_another_queue_than_its_own() =>
        SentElsewhere(new RecordHire(Guid.NewGuid(), Guid.NewGuid()), new ClosePostingPipeline(Guid.NewGuid(), CloseReason.Filled));

    [Fact]
    public void capacity_follows_the_cores_and_leaves_most_connections_to_the_requests()
    {
        BackgroundCapacity.From(cores: 2, connections: 100).ShouldBe(new BackgroundCapacity(Reviews: 8, CopyChecks: 2));
        BackgroundCapacity.From(cores: 16, connections: 100).ShouldBe(new BackgroundCapacity(Reviews: 17, CopyChecks: 8));
        BackgroundCapacity.From(cores: 64, connections: 20).ShouldBe(new BackgroundCapacity(Reviews: 4, CopyChecks: 1));
        BackgroundCapacity.From(cores: 1, connections: 4).ShouldBe(new BackgroundCapacity(Reviews: 1, CopyChecks: 1));
        BackgroundCapacity.From(cores: 2, connections: 100, reviews: 9, copyChecks: 3).ShouldBe(new BackgroundCapacity(9, 3));
    }

    [Fact]
    public void the_running_node_s_queues_take_as_many_jobs_at_once_as_its_capacity()
    {
        var capacity = app.Host.Services.GetRequiredService<BackgroundCapacity>();
        capacity.ShouldBe(BackgroundCapacity.From(Environment.ProcessorCount, 100));
        var endpoints = app.Host.Services.GetRequiredService<IWolverineRuntime>().Options.Transports.AllEndpoints();
        using var scope = app.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        // The queue a message is sent to is the endpoint that listens to it (local or on the broker).
        Endpoint Of(object message) => endpoints.Single(e => e.Uri == bus.PreviewSubscriptions(message).Single().Destination);

        Of(new ReviewSubmission(Guid.NewGuid(), Guid.NewGuid())).MaxDegreeOfParallelism.ShouldBe(capacity.Reviews);
        Of(new CheckForCopies(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid())).MaxDegreeOfParallelism.ShouldBe(capacity.CopyChecks);
    }

    /// <summary>The queue <paramref name="sent"/> goes to is not the one <paramref name="handled"/> waits in.</summary>
    /// <param name="overTheBrokerToo">Whether the two must also wait in different queues over a broker: reviews never wait behind copy checks.</param>
    private void SentElsewhere(object handled, object sent, bool overTheBrokerToo = false)
    {
        using var scope = app.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var from = bus.PreviewSubscriptions(handled).ShouldHaveSingleItem().Destination!;
        var to = bus.PreviewSubscriptions(sent).ShouldHaveSingleItem().Destination!;

        // Over a broker both are sent on through the outbox, never into the handling node's own buffer.
        if (overTheBrokerToo || from.Scheme == "local" || to.Scheme == "local") to.ShouldNotBe(from);
    }
}
