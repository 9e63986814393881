using Marketplace.Api.Tests.Support;
using Marketplace.Api.Webhooks;
using Shouldly;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// An attempt made on a lowered thread (synchronous, docs/adr/0039) and one made on the thread pool (asynchronous, a node
/// of deliveries' way, docs/adr/0040) are the same exchange: the same signed request, and the same record of what came
/// back, a success, a refusal with its Retry-After, a redirect not followed, a timeout and a closed port alike.
/// </summary>
public class sending_with_and_without_threads
{
    [Fact]
    public async Task both_ways_sign_alike_and_record_each_answer_alike()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Secrets.Add("whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
        using var sender = new WebhookSender(new WebhookOptions
        {
            AllowHttp = true, AllowedRanges = ["127.0.0.0/8"], Timeout = TimeSpan.FromMilliseconds(800),
        }, new TestResolver());
        var closed = $"http://127.0.0.1:{WebhookReceiver.FreePort()}/hooks";

        async Task<SendResult[]> Both(string answer, string? url = null)
        {
            var results = new List<SendResult>();
            foreach (var pooled in new[] { false, true })
            {
                receiver.Answers.Enqueue(answer);
                var now = DateTimeOffset.UtcNow;
                var id = $"msg_{Guid.NewGuid():N}";
                const string payload = """{"type":"posting.closed","timestamp":"2026-12-07T00:00:00Z","data":{"postingId":"p"}}""";
                results.Add(pooled
                    ? await sender.SendAsync(url ?? receiver.Url, receiver.Secrets, id, payload, now, CancellationToken.None)
                    : await Task.Run(() => sender.Send(url ?? receiver.Url, receiver.Secrets, id, payload, now, CancellationToken.None)));
            }
            return [.. results];
        }

        foreach (var result in await Both("200"))
        {
            result.Attempt.Succeeded.ShouldBeTrue();
            result.Attempt.StatusCode.ShouldBe(200);
            result.Attempt.Response.ShouldBe("ok");
        }
        receiver.Received.Count.ShouldBe(2);
        receiver.Received.ShouldAllBe(r => r.Verified);
        foreach (var result in await Both("429:120"))
        {
            result.Attempt.Succeeded.ShouldBeFalse();
            result.Attempt.StatusCode.ShouldBe(429);
            result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
            result.Attempt.Response.ShouldBe("answered 429 on purpose");
        }
        foreach (var result in await Both("redirect:http://127.0.0.1:1/elsewhere"))
        {
            result.Attempt.Succeeded.ShouldBeFalse();
            result.Attempt.Error.ShouldBe("redirect to http://127.0.0.1:1/elsewhere not followed");
        }
        foreach (var result in await Both("slow:3000"))
        {
            result.Attempt.Succeeded.ShouldBeFalse();
            result.Attempt.Error.ShouldBe("timed out after 0.8 s");
        }
        foreach (var result in await Both("200", closed))
        {
            result.Attempt.StatusCode.ShouldBeNull();
            result.Attempt.Error.ShouldBe("could not connect: ConnectionRefused");
        }
    }
}
