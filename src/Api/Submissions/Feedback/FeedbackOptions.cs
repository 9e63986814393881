using Marketplace.Domain.Submissions;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>How submissions get reviewed, bound from the "Feedback" configuration section (Feedback__… in the environment).</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>"semantic" (by meaning, with the sentence model on the machine), "rubric" (rules, no model), "openai" (any OpenAI-compatible server) or "ollama".</summary>
    public string Reviewer { get; set; } = "semantic";

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

    /// <summary>The literal copy check: the Jaccard of word 5-grams at which work is the same wording.</summary>
    public double SimilarityThreshold { get; set; } = 0.8;

    /// <summary>
    /// The copy check by meaning (docs/copy-check.md): a passage is said again at this cosine, once the brief is taken out
    /// of both; the work is a copy when this share of its words, and at least <see cref="MeaningMinimumWords"/>, are said
    /// again. Chosen on the labelled set in tests/Api.Tests/Feedback/CopySet.
    /// </summary>
    public double MeaningPassageThreshold { get; set; } = 0.75;

    public double MeaningShareThreshold { get; set; } = 0.15;

    public int MeaningMinimumWords { get; set; } = 40;

    /// <summary>Earlier work compared passage by passage: the nearest by whole-work vector. 0 turns the meaning check off.</summary>
    public int MeaningCandidates { get; set; } = 16;

    /// <summary>
    /// How long after a submission its feedback job may still use the sentence model (docs/adr/0037). A job that starts
    /// later, or whose texts the model would not have encoded by then (it counts what is queued for it, at its recent
    /// pace, and stops waiting when the time runs out), reviews by the rules (<see cref="RubricReviewer"/>) and checks
    /// copies by their words only. So feedback keeps its seconds, and a backlog drains at the rules' pace, under a stream
    /// of submissions the model cannot keep up with. The daemon still encodes every submission for matching, later.
    /// </summary>
    public TimeSpan MeaningWithin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Until when a submission's feedback job may use the sentence model (<see cref="MeaningWithin"/>).</summary>
    public DateTimeOffset MeaningDue(Submission submission) => submission.SubmittedAt + MeaningWithin;

    public MeaningThresholds ByMeaning => new(MeaningPassageThreshold, MeaningShareThreshold, MeaningMinimumWords);
}
