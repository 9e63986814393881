using Marketplace.Domain.Submissions.Feedback;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;
using System.ClientModel;

namespace Marketplace.Api.Submissions.Feedback;

public static class FeedbackSetup
{
    /// <summary>Registers <see cref="FeedbackOptions"/> and the configured <see cref="IFeedbackReviewer"/>; bad settings fail the start-up.</summary>
    public static FeedbackOptions AddFeedbackReviewer(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FeedbackOptions.Section);
        var options = new FeedbackOptions();
        section.Bind(options);
        // Bind appends configured items to an array that already holds the defaults; configured delays replace them.
        var delays = section.GetSection(nameof(FeedbackOptions.RetryDelays));
        if (delays.GetChildren().Any()) options.RetryDelays = delays.Get<TimeSpan[]>() ?? options.RetryDelays;
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System); // the host's clock, when it has one: the jobs' time with the model
        services.AddSingleton<ShingleCache>();
        services.AddSingleton<ChallengeWholes>();
        services.AddSingleton<CopiesByMeaning>();

        // The sentence-embedding model is shared by whatever needs meaning (the reviewer, copy checks, matching).
        // Its background work runs at a low priority: the requests come first (Meaning__EncoderNice, 0 to 19).
        services.AddSingleton(new Infrastructure.Embeddings.TextEncoder(configuration.GetValue("Meaning:EncoderNice", 19)));
        services.AddSingleton<Projections.Meaning.IEmbedder>(provider => provider.GetRequiredService<Infrastructure.Embeddings.TextEncoder>());
        var reviewer = string.IsNullOrWhiteSpace(options.Reviewer) ? "semantic" : options.Reviewer.Trim().ToLowerInvariant();
        switch (reviewer)
        {
            case "semantic":
                services.AddSingleton<IFeedbackReviewer, SemanticReviewer>();
                return options;
            case "rubric":
                services.AddSingleton<IFeedbackReviewer>(new RubricReviewer());
                return options;
            case "openai":
                AddChatReviewer(services, options, (endpoint, model) =>
                    new ChatClient(model, new ApiKeyCredential(options.ApiKey ?? "unused"), new OpenAIClientOptions { Endpoint = endpoint })
                        .AsIChatClient());
                return options;
            case "ollama":
                AddChatReviewer(services, options, (endpoint, model) => new OllamaApiClient(endpoint, model));
                return options;
            default:
                throw new InvalidOperationException(
                    $"Feedback__Reviewer is '{options.Reviewer}'; expected 'semantic', 'rubric', 'openai' or 'ollama'.");
        }
    }

    private static void AddChatReviewer(IServiceCollection services, FeedbackOptions options, Func<Uri, string, IChatClient> client)
    {
        var name = options.Reviewer.Trim().ToLowerInvariant();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
            throw new InvalidOperationException(
                $"Feedback__Reviewer '{name}' needs Feedback__Endpoint, an absolute URL of the model server " +
                $"(e.g. http://localhost:11434 for Ollama, http://localhost:8000/v1 for an OpenAI-compatible server); got '{options.Endpoint}'.");
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException($"Feedback__Reviewer '{name}' needs Feedback__Model, the name of the model to ask.");
        if (options.MaxAttempts < 1)
            throw new InvalidOperationException($"Feedback__MaxAttempts must be at least 1; got {options.MaxAttempts}.");
        if (options.Timeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"Feedback__Timeout must be positive; got {options.Timeout}.");

        options.Model = options.Model.Trim();
        services.AddSingleton(_ => client(endpoint, options.Model));
        services.AddSingleton<IFeedbackReviewer, ChatReviewer>();
    }
}
