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

    /// <summary>The mutation's payload, or null when it was refused for a business reason.</summary>
    public async Task<JsonElement?> Mutate(string document, object input, string token)
    {
        var variables = JsonSerializer.SerializeToNode(input)!.AsObject();
        variables["idempotencyKey"] = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var answer = await Send(document, new { input = variables }, token);
                if (answer.Code is null) return answer.Data;
                if (Refusals.Contains(answer.Code)) return null;
                RetriedOn.AddOrUpdate(answer.Code, 1, (_, n) => n + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                RetriedOn.AddOrUpdate("no answer", 1, (_, n) => n + 1);
            }
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
