using JasperFx.Events;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marten;
using Marten.Events.Projections;

namespace Marketplace.Projections.Meaning;

/// <summary>One passage of a submission and its vector.</summary>
public sealed record PassageMeaning(string Text, string Vector, bool TermList);

/// <summary>
/// What a submission says, as vectors: each passage's (for the copy check by meaning and for the reasons a match gives)
/// and the whole's (the mean), with the review's score once it has one. Encoded in the daemon, never on a command's
/// path; a rebuild encodes again from the events (erased work is gone with its candidate).
/// </summary>
public sealed class SubmissionMeaning
{
    public Guid Id { get; set; }

    /// <summary>
    /// The sequence number of the submission's event. The daemon writes these documents in that order, so a reader that
    /// has seen a challenge's work up to a number reads only what is above it next time (the copy check's index).
    /// </summary>
    public long Sequence { get; set; }
    public Guid ChallengeId { get; set; }
    public Guid CandidateId { get; set; }
    public string Skill { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public List<PassageMeaning> Passages { get; set; } = [];
    public string Whole { get; set; } = "";
    public int? Score { get; set; }
    public bool Withdrawn { get; set; }
}

public sealed partial class SubmissionMeaningProjection : EventProjection
{
    private readonly IEmbedder _embedder;

    public SubmissionMeaningProjection(IEmbedder embedder)
    {
        _embedder = embedder;
        IncludeType<SubmissionReceived>();
        IncludeType<FeedbackGenerated>();
        IncludeType<SubmissionWithdrawn>();
        IncludeType<CandidateErased>();
    }

    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case SubmissionReceived received:
                operations.Store(Encode(received, e.Sequence, cancellation));
                break;
            case FeedbackGenerated reviewed when await operations.LoadAsync<SubmissionMeaning>(reviewed.SubmissionId, cancellation) is { } meaning:
                meaning.Score = reviewed.OverallScore;
                operations.Store(meaning);
                break;
            case SubmissionWithdrawn withdrawn when await operations.LoadAsync<SubmissionMeaning>(withdrawn.SubmissionId, cancellation) is { } meaning:
                meaning.Withdrawn = true;
                operations.Store(meaning);
                break;
            case CandidateErased erased:
                operations.DeleteWhere<SubmissionMeaning>(x => x.CandidateId == erased.CandidateId);
                break;
        }
    }

    private SubmissionMeaning Encode(SubmissionReceived e, long sequence, CancellationToken cancellation)
    {
        var passages = e.Content == SubmissionReceived.ErasedContent ? [] : Domain.Submissions.Feedback.Passages.Of(e.Content);
        var vectors = _embedder.Encode([.. passages.Select(p => p.Meaning)], cancellation);
        return new SubmissionMeaning
        {
            Id = e.SubmissionId, Sequence = sequence, ChallengeId = e.ChallengeId, CandidateId = e.CandidateId, Skill = e.Skill, SubmittedAt = e.SubmittedAt,
            Passages = [.. passages.Select((p, i) => new PassageMeaning(p.Text, Vectors.Pack(vectors[i]), p.TermList))],
            Whole = vectors.Length == 0 ? "" : Vectors.Pack(Vectors.Mean(vectors)),
        };
    }
}
