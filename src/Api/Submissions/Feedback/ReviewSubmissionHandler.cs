using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions;
using Marketplace.Domain.Submissions.Feedback;
using Marketplace.Projections.Submissions;
using Marten;
using JasperFx.Events;
using Marten.Events;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>
/// The feedback job: the review and the copy check of one submission, decided together and appended in one
/// transaction (docs/adr/0024). The copy check follows the review in the stream, as it did when it was a job of its own;
/// sharing the job spares each submission a second message, a second load of its stream and a second commit, which is
/// what made the copy checks fall behind the reviews under load.
/// </summary>
public static class ReviewSubmissionHandler
{
    /// <summary>
    /// The submission's stream for writing, the challenge's rubric and the submission's signature in one round trip, then
    /// the earlier work sharing a band with it (<see cref="CheckForCopiesHandler.Find"/>) and the earlier work nearest it
    /// by meaning (<see cref="CopiesByMeaning.Find"/>, which encodes the submission's passages, whatever the reviewer, unless
    /// the model would not have them within the job's time for it: docs/adr/0037). A
    /// write that raced ours since fails the commit on the stream's version, and the job decides again.
    /// </summary>
    public static async Task<(IEventStream<Submission>, Challenge?, CheckForCopiesHandler.EarlierWork?, EarlierMeaning?)> LoadAsync(
        ReviewSubmission message, IDocumentSession session, ShingleCache shingles, CopiesByMeaning meaning, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var stream = batch.Events.FetchForWriting<Submission>(message.SubmissionId);
        var challenge = batch.Events.FetchLatest<Challenge>(message.ChallengeId);
        var signature = batch.Load<SubmissionSignature>(message.SubmissionId);
        await batch.Execute(cancellation);
        var (submission, rubric, signed) = ((await stream).Aggregate, await challenge, await signature);
        if (!Reviewing.Awaits(submission, rubric)) return (await stream, rubric, null, null);
        var words = await CheckForCopiesHandler.Find(signed, session, shingles, cancellation);
        var work = await meaning.EncodeInTime(submission!, cancellation);
        return (await stream, rubric, words,
            work is null ? null : await meaning.Find(session, submission!.Id, work, rubric!.Details, signed, cancellation));
    }

    public static async Task Handle(ReviewSubmission message, IEventStream<Submission> stream, Challenge? challenge,
        CheckForCopiesHandler.EarlierWork? earlier, EarlierMeaning? meaning, IFeedbackReviewer reviewer, FeedbackOptions options,
        ShingleCache shingles, CancellationToken cancellation)
    {
        var submission = stream.Aggregate;
        if (!Reviewing.Awaits(submission, challenge)) return;
        var request = Reviewing.Request(submission!, challenge!) with
        {
            PassageVectors = meaning?.Work.Vectors,
            AnswerBy = options.MeaningDue(submission!),
        };
        var review = await reviewer.ReviewAsync(request, cancellation);
        stream.AppendOne(Reviewing.Recorded(submission!, review));
        stream.AppendMany(CheckForCopiesHandler.Decide(submission, earlier, meaning, options, shingles));
    }
}
