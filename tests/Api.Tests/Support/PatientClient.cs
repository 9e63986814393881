using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// A client of the real API process that behaves as a careful client should: every mutation goes out with a fresh
/// idempotency key and is sent again, same key, until the API gives an answer — through crashes and outages.
/// </summary>
public sealed class PatientClient(HttpClient http)
{
    /// <summary>Business answers: the command was decided, and refused. The client does not retry these.</summary>
    private static readonly HashSet<string> Refusals = ["RULE_VIOLATION", "ALREADY_APPLIED"];

    private int _retries;

    public int Retries => _retries;

    /// <summary>Why requests were sent again: an error code, or "no answer" when the connection failed.</summary>
    public ConcurrentDictionary<string, int> RetriedOn { get; } = new();

    public sealed record Answer(JsonElement? Data, string? Code, string Body);

    /// <summary>One mutation as the client saw it: its idempotency key, how often it went out, and how it ended.</summary>
    public sealed class Call
    {
        private int _sends;

        public string Key { get; } = Guid.NewGuid().ToString("N");
        public int Sends => _sends;
        /// <summary>Why it went out again, in order: an error code, or "no answer", and when.</summary>
        public ConcurrentQueue<(string Reason, DateTime At)> RetriedOn { get; } = new();
        /// <summary>The business refusal that ended it, if one did.</summary>
        public string? Refusal { get; internal set; }
        public bool Answered { get; internal set; }

        internal void Sent() => Interlocked.Increment(ref _sends);

        public override string ToString() =>
            $"key {Key[..8]}, sent {Sends} times{(RetriedOn.IsEmpty ? "" : $" (again on {Retries()})")}, " +
            (!Answered ? "not answered yet" : Refusal is null ? "acknowledged" : $"refused with {Refusal}");

        /// <summary>The retries, runs of one reason together: "no answer ×12 07:29:10.213–07:29:12.477".</summary>
        private string Retries()
        {
            var runs = new List<(string Reason, int Count, DateTime From, DateTime To)>();
            foreach (var (reason, at) in RetriedOn)
            {
                if (runs.Count > 0 && runs[^1].Reason == reason) runs[^1] = runs[^1] with { Count = runs[^1].Count + 1, To = at };
                else runs.Add((reason, 1, at, at));
            }
            return string.Join(", ", runs.Select(r => r.Count == 1
                ? $"{r.Reason} {r.From:HH:mm:ss.fff}"
                : $"{r.Reason} ×{r.Count} {r.From:HH:mm:ss.fff}–{r.To:HH:mm:ss.fff}"));
        }
    }

    /// <summary>The mutation's payload, or null when it was refused for a business reason.</summary>
    public Task<JsonElement?> Mutate(string document, object input, string token) => Mutate(document, input, token, new Call());

    /// <summary>The mutation's payload, or null when it was refused; <paramref name="call"/> records its key and sends.</summary>
    public async Task<JsonElement?> Mutate(string document, object input, string token, Call call)
    {
        var variables = JsonSerializer.SerializeToNode(input)!.AsObject();
        variables["idempotencyKey"] = call.Key;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            string reason;
            try
            {
                call.Sent();
                var answer = await Send(document, new { input = variables }, token);
                if (answer.Code is null)
                {
                    call.Answered = true;
                    return answer.Data;
                }
                if (Refusals.Contains(answer.Code))
                {
                    call.Refusal = answer.Code;
                    call.Answered = true;
                    return null;
                }
                reason = answer.Code;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                reason = "no answer";
            }
            RetriedOn.AddOrUpdate(reason, 1, (_, n) => n + 1);
            call.RetriedOn.Enqueue((reason, DateTime.UtcNow));
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No answer to a mutation within 90 s; retried on {string.Join(", ", RetriedOn.Keys)}.");
            Interlocked.Increment(ref _retries);
            await Task.Delay(200);
        }
    }

    /// <summary>One request, one answer: the first field of data, or the first error's code.</summary>
    public async Task<Answer> Send(string document, object variables, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = document, variables }) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement.Clone();
        return json.TryGetProperty("errors", out var errors)
            ? new Answer(null, errors[0].GetProperty("extensions").GetProperty("code").GetString(), body)
            : new Answer(json.GetProperty("data").EnumerateObject().Single().Value, null, body);
    }
}
