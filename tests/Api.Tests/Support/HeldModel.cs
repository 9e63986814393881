using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat endpoint on loopback for an API process's "openai" reviewer
/// (<see cref="Settings"/>): it scores every rubric criterion of the prompt, but after <see cref="Hold"/> it keeps each
/// review waiting until <see cref="Release"/>, so a test decides when a submission's review is written. The in-process
/// tests hold reviews with <see cref="OutageReviewer"/>; a process of its own needs a model it reaches over HTTP.
/// </summary>
public sealed partial class HeldModel : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly Lock _gate = new();
    private TaskCompletionSource _asked = New();
    private TaskCompletionSource _released = New();

    public HeldModel()
    {
        _released.SetResult();
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/v1";
        }
        _listener.Prefixes.Add(Endpoint[..^"v1".Length]);
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    /// <summary>The base URL an OpenAI client is given (it posts to <c>{Endpoint}/chat/completions</c>).</summary>
    public string Endpoint { get; }

    /// <summary>The API's settings that make this its reviewer; a held review does not time out while a test holds it.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Feedback__Reviewer"] = "openai", ["Feedback__Endpoint"] = Endpoint, ["Feedback__Model"] = "held", ["Feedback__Timeout"] = "00:02:00",
    };

    /// <summary>The reviews asked from now on wait for <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _released.TrySetResult();
            _asked = New();
            _released = New();
        }
    }

    /// <summary>Completes when a review asked since <see cref="Hold"/> reached the model: the submission is still pending.</summary>
    public Task Asked(TimeSpan within)
    {
        lock (_gate) return _asked.Task.WaitAsync(within);
    }

    /// <summary>Answers the held reviews, and those asked until the next <see cref="Hold"/>.</summary>
    public void Release()
    {
        lock (_gate) _released.TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
            Task released;
            lock (_gate)
            {
                _asked.TrySetResult();
                released = _released.Task;
            }
            await released;
            var review = JsonSerializer.Serialize(new
            {
                criteria = RubricKeys(body.RootElement).Select((key, i) => new { key, score = 90 - 10 * i, comment = $"Say more about {key}." }),
                summary = "A held review, answered when the test let it go.",
            });
            var completion = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = "chatcmpl-held",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = "held",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = review }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
            });
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(completion);
        }
        catch (Exception e) when (e is JsonException or HttpListenerException or IOException or ObjectDisposedException)
        {
            context.Response.StatusCode = 500;
        }
        finally
        {
            try { context.Response.Close(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>The rubric's keys in the prompt's order: its lines "- key (weight …): …".</summary>
    private static IEnumerable<string> RubricKeys(JsonElement request)
    {
        var text = new StringBuilder();
        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: text.AppendLine(element.GetString()); break;
                case JsonValueKind.Array: foreach (var item in element.EnumerateArray()) Collect(item); break;
                case JsonValueKind.Object: foreach (var property in element.EnumerateObject()) Collect(property.Value); break;
            }
        }
        Collect(request.GetProperty("messages"));
        return RubricLine().Matches(text.ToString()).Select(m => m.Groups["key"].Value).Distinct();
    }

    [GeneratedRegex(@"^- (?<key>[\w-]+) \(weight", RegexOptions.Multiline)]
    private static partial Regex RubricLine();

    public async ValueTask DisposeAsync()
    {
        Release();
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
