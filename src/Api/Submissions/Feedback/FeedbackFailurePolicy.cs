using JasperFx;
using JasperFx.CodeGeneration;
using Marketplace.Domain.Submissions;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Api.Submissions.Feedback;

/// <summary>
/// The feedback job retries with the configured backoff. When it runs out, the message goes to the dead-letter queue
/// (where an operator can replay it) and the submission records FeedbackFailed, so it never sits without a status.
/// </summary>
public sealed class FeedbackFailurePolicy(TimeSpan[] retryDelays) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(ReviewSubmission)))
        {
            // A withdrawal racing the review: decide again at once, without spending the reviewer's retries.
            chain.OnException<JasperFx.ConcurrencyException>().RetryTimes(3);
            chain.OnAnyException()
                .RetryWithCooldown(retryDelays)
                .Then.MoveToErrorQueue()
                .And(async (runtime, lifecycle, exception) =>
                {
                    if (lifecycle.Envelope?.Message is not ReviewSubmission review) return;
                    using var scope = runtime.Services.CreateScope();
                    var reason = exception is Domain.Submissions.Feedback.ReviewUnavailable
                        ? exception.Message
                        : "The reviewer failed unexpectedly.";
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>()
                        .InvokeAsync(new RecordFeedbackFailure(review.SubmissionId, reason));
                }, "Record FEEDBACK_FAILED on the submission");
        }
    }
}
