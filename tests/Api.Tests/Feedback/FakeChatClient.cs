using Microsoft.Extensions.AI;

namespace Marketplace.Api.Tests.Feedback;

/// <summary>A chat model on a script: each call plays the next step (the last one repeats) and is recorded.</summary>
public sealed class FakeChatClient(params Func<CancellationToken, Task<string>>[] script) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Calls { get; } = [];
    public List<ChatOptions?> Options { get; } = [];

    public static FakeChatClient Answering(params string[] answers) =>
        new([.. answers.Select(answer => (Func<CancellationToken, Task<string>>)(_ => Task.FromResult(answer)))]);

    public static FakeChatClient Throwing(Exception exception) => new(_ => Task.FromException<string>(exception));

    public static FakeChatClient Hanging(TimeSpan delay) => new(async token =>
    {
        await Task.Delay(delay, token);
        return "{}";
    });

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        Options.Add(options);
        var step = script[Math.Min(Calls.Count, script.Length) - 1];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, await step(cancellationToken)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
