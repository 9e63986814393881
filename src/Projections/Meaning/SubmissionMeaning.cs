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

/// <summary>
/// Submissions' meaning, and each candidate's (<see cref="CandidateMeaning"/>): the candidate's document takes a
/// submission's whole when its review arrives, so both are written by the projection that encodes the submission, in
/// the order of the events. Documents are tracked by id within a batch, so a review that arrives in the same batch as
/// its submission finds the submission's document stored a moment before.
/// </summary>
public sealed partial class SubmissionMeaningProjection : EventProjection
{
    private readonly IEmbedder _embedder;

    public SubmissionMeaningProjection(IEmbedder embedder)
    {
        _embedder = embedder;
        Options.EnableDocumentTrackingByIdentity = true;
        IncludeType<SubmissionReceived>();
        IncludeType<FeedbackGenerated>();
        IncludeType<SubmissionWithdrawn>();
        IncludeType<CandidateRegistered>();
        IncludeType<CandidateProfileUpdated>();
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
                await Candidate(operations, meaning.CandidateId, candidate => candidate.Reviewed(meaning), cancellation);
                break;
            case SubmissionWithdrawn withdrawn when await operations.LoadAsync<SubmissionMeaning>(withdrawn.SubmissionId, cancellation) is { } meaning:
                meaning.Withdrawn = true;
                operations.Store(meaning);
                await Candidate(operations, meaning.CandidateId, candidate => candidate.Reviewed(meaning), cancellation);
                break;
            case CandidateRegistered registered:
                await Candidate(operations, registered.CandidateId, candidate => candidate.Profile = EncodeProfile(registered.Profile, cancellation), cancellation);
                break;
            case CandidateProfileUpdated updated:
                await Candidate(operations, updated.CandidateId, candidate => candidate.Profile = EncodeProfile(updated.Profile, cancellation), cancellation);
                break;
            case CandidateErased erased:
                operations.DeleteWhere<SubmissionMeaning>(x => x.CandidateId == erased.CandidateId);
                operations.Delete<CandidateMeaning>(erased.CandidateId);
                break;
        }
    }

    private static async Task Candidate(IDocumentOperations operations, Guid id, Action<CandidateMeaning> change, CancellationToken cancellation)
    {
        var candidate = await operations.LoadAsync<CandidateMeaning>(id, cancellation) ?? new CandidateMeaning { Id = id };
        change(candidate);
        operations.Store(candidate);
    }

    private string EncodeProfile(CandidateProfile profile, CancellationToken cancellation) =>
        CandidateMeaning.Summary(profile) is { Length: > 0 } summary ? Vectors.Pack(_embedder.Encode([summary], cancellation)[0]) : "";

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
