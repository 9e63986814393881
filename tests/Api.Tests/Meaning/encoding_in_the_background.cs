using Marketplace.Api.Infrastructure.Embeddings;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Meaning;

/// <summary>
/// Background encodings take only the CPU the requests leave: they run on a thread of their own at a lower scheduling
/// priority, which the kernel reports per thread; a search's words are encoded on the request's own thread.
/// </summary>
public class encoding_in_the_background
{
    private const string Text = "Consumers keep the ids they handled, so a message delivered twice changes nothing.";

    [Fact]
    public void background_work_runs_on_a_thread_at_the_nice_value_asked_and_gives_the_vectors_a_request_gets()
    {
        if (!OperatingSystem.IsLinux()) return;
        var before = EncoderThreads();
        using var encoder = new TextEncoder(backgroundNice: 10);
        // Compared as "none started", not as equal lists: an encoder disposed by an earlier test ends its thread
        // asynchronously, and it may end between the two reads.
        EncoderThreads().Except(before).ShouldBeEmpty("no thread before the first background encoding");

        var background = encoder.Encode([Text])[0];

        var started = EncoderThreads().Except(before).ShouldHaveSingleItem();
        ProcessThreads.Nice(started).ShouldBe(10);
        using var direct = new TextEncoder();
        direct.EncodeForRequest(Text).ShouldBe(background, "the same vector whichever thread encodes it");
    }

    [Fact]
    public void without_a_nice_value_encodings_run_on_the_callers_thread()
    {
        if (!OperatingSystem.IsLinux()) return;
        var before = EncoderThreads();
        using var encoder = new TextEncoder();
        encoder.Encode([Text + " Once more."]).ShouldHaveSingleItem().Length.ShouldBe(TextEncoder.Dimensions);
        EncoderThreads().Except(before).ShouldBeEmpty("no thread was started for it");
    }

    private static List<string> EncoderThreads() => ProcessThreads.Named("Meaning encoder");
}
