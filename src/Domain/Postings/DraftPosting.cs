using Wolverine.Marten;

namespace Marketplace.Domain.Postings;

public sealed record DraftPosting(Guid PostingId, Guid CompanyId, PostingDetails Details);

public static class DraftPostingHandler
{
    public static void Validate(DraftPosting command) => PostingRules.Validate(command.Details);

    public static IStartStream Handle(DraftPosting command) =>
        MartenOps.StartStream<Posting>(command.PostingId,
            new PostingDrafted(command.PostingId, command.CompanyId, command.Details));
}
