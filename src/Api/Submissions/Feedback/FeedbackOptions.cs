namespace Marketplace.Api.Submissions.Feedback;

/// <summary>How submissions get reviewed, bound from the "Feedback" configuration section (Feedback__… in the environment).</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>"semantic" (by meaning, with the sentence model on the machine), "rubric" (rules, no model), "openai" (any OpenAI-compatible server) or "ollama".</summary>
    public string Reviewer { get; set; } = "rubric";

    /// <summary>The model server: http://localhost:11434 for Ollama, or an OpenAI-compatible base URL such as http://localhost:8000/v1.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>How long one call to the model may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per review when the model answers with something that is not a valid review.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Backoff of the durable review job when the reviewer is unavailable.</summary>
    public TimeSpan[] RetryDelays { get; set; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    public double SimilarityThreshold { get; set; } = 0.8;
}
