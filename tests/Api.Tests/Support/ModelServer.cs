using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// A language model server of the OpenAI kind on a real port (POST /v1/chat/completions), for an API process whose
/// reviewer is the language-model reviewer (Feedback__Reviewer=openai). It scores every criterion the prompt lists, and
/// holds the answer for work that contains a marker until the test lets it go: a review still being written.
/// </summary>
public sealed partial class ModelServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> holds = new();

    public string Endpoint { get; }

    private ModelServer(WebApplication app, string endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Feedback__Reviewer"] = "openai",
        ["Feedback__Endpoint"] = Endpoint,
        ["Feedback__Model"] = "test-model",
    };

    /// <summary>A marker to put in work whose review waits for <see cref="Release"/>.</summary>
    public string Hold()
    {
        var marker = $"HOLD-{Guid.NewGuid():N}";
        holds[marker] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return marker;
    }

    public void Release(string marker) => holds[marker].TrySetResult();

    public static async Task<ModelServer> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ModelServer? server = null;
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var request = await JsonDocument.ParseAsync(http.Request.Body);
            var prompt = string.Join("\n", request.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : c.ToString()));
            foreach (var (marker, release) in server!.holds)
                if (prompt.Contains(marker)) await release.Task.WaitAsync(TimeSpan.FromMinutes(2));
            var keys = Criterion().Matches(prompt).Select(m => m.Groups[1].Value).Distinct().ToList();
            var review = JsonSerializer.Serialize(new
            {
                criteria = keys.Select((key, i) => new { key, score = 60 + 10 * (i % 3), comment = $"Say more about {key}: name the failure it guards against." }),
                summary = "A sound design; say more about how it fails.",
            });
            await http.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = review }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
            });
        });
        await app.StartAsync();
        server = new ModelServer(app, app.Urls.First().TrimEnd('/') + "/v1");
        return server;
    }

    [GeneratedRegex(@"^- (\S+) \(weight", RegexOptions.Multiline)]
    private static partial Regex Criterion();

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in holds.Values) hold.TrySetResult();
        await app.DisposeAsync();
    }
}
