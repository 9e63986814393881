using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// A delivery's attempt runs on threads of its own at a lower scheduling priority (docs/adr/0039), so that a busy node
/// answers its requests first; the kernel reports the priority per thread.
/// </summary>
public class attempts_at_a_lower_priority(AppFixture app)
{
    [Fact]
    public async Task work_runs_on_a_thread_at_the_nice_value_asked_and_its_result_and_failure_come_back()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var threads = new LowPriorityThreads("Lowered test", 2, nice: 7);

        var nice = await threads.Run(() => NiceOfThisThread(), CancellationToken.None);

        nice.ShouldBe(7);
        NiceOfThisThread().ShouldBe(0, "the caller's thread keeps its priority");
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("refused"), CancellationToken.None));
        failure.Message.ShouldBe("refused");
        await Should.ThrowAsync<OperationCanceledException>(() => threads.Run(() => 1, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task a_delivery_is_attempted_on_the_lowered_threads()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var receiver = new WebhookReceiver();
        var company = await app.RegisterCompany();
        await app.Endpoint(company.Token, receiver, ["application.received"]);
        var posting = await app.PublishedPosting(company, ApplicationScenarios.Opening(openings: 1));

        await app.Applied(await app.RegisterCandidate(), posting);

        (await receiver.Delivered(r => r.Type == "application.received")).ShouldHaveSingleItem().Verified.ShouldBeTrue();
        var lowered = ProcessThreads.Named("Webhook attempt");
        lowered.ShouldNotBeEmpty("the attempts' threads start with the first attempt");
        lowered.ShouldAllBe(task => ProcessThreads.Nice(task) == 19, "Webhooks__Nice is 19 by default");
    }

    private static int NiceOfThisThread() => ProcessThreads.Nice("/proc/thread-self");
}
