using Marketplace.Domain.Postings;
using Wolverine.Marten;

namespace Marketplace.Domain.Applications;

public static class ApplicationClosing
{
    /// <summary>
    /// An application still active when its posting closes closes with it; one that has ended stays as it is, so a
    /// redelivered <see cref="ClosePostingPipeline"/> changes nothing twice.
    /// </summary>
    public static Events WhenPostingCloses(ClosePostingPipeline message, Application? application, DateTimeOffset now) =>
        application is { IsActive: true } active
            ? [new ApplicationClosed(active.Id, active.PostingId, active.CompanyId, active.Stage, message.Explanation(), now)]
            : [];
}
