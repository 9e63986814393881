using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
using Marketplace.Projections.Applications;
using Marketplace.Projections.Meaning;
using Marketplace.Projections.Submissions;
using Marten;
using Marten.Patching;
using Marketplace.Api.Accounts;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Marketplace.Api.Privacy;

public static class MaskCandidateEventsHandler
{
    /// <summary>
    /// Masks the candidate's profile events and the text they wrote (cover notes, notes, submissions and their links) in their
    /// streams, and blanks that text in the read models. Scores, stages and dates stay. Running it twice changes
    /// nothing more. The candidate's account goes too (email, password, passkeys, external logins) and every token
    /// issued for it is revoked (docs/adr/0025).
    /// </summary>
    public static async Task Handle(MaskCandidateEvents message, IDocumentStore store, IServiceScopeFactory scopes, CancellationToken cancellation)
    {
        await DeleteAccount(message.CandidateId, scopes, cancellation);
        await using var session = store.LightweightSession();
        var applications = await session.Query<ApplicationView>().Where(a => a.CandidateId == message.CandidateId).Select(a => a.Id).ToListAsync(cancellation);
        var submissions = await session.Query<SubmissionView>().Where(s => s.CandidateId == message.CandidateId).Select(s => s.Id).ToListAsync(cancellation);

        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            masking.IncludeStream(message.CandidateId);
            foreach (var id in applications.Concat(submissions)) masking.IncludeStream(id);
        }, cancellation);

        session.Patch<ApplicationView>(a => a.CandidateId == message.CandidateId).Set(a => a.CoverNote, null);
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.Content, SubmissionReceived.ErasedContent);
        session.Patch<SubmissionView>(s => s.CandidateId == message.CandidateId).Set(s => s.RepositoryUrl, null);
        // As a rebuild from the masked events would leave them: the erased text is never matched, by its wording or by
        // its meaning (the daemon removes the vectors too, on CandidateErased, but maybe after a copy check has run).
        session.Patch<SubmissionSignature>(s => s.CandidateId == message.CandidateId).Set(s => s.Bands, Array.Empty<string>());
        session.DeleteWhere<SubmissionMeaning>(m => m.CandidateId == message.CandidateId);
        session.Delete<CandidateMeaning>(message.CandidateId);
        await session.SaveChangesAsync(cancellation);
    }

    private static async Task DeleteAccount(Guid candidateId, IServiceScopeFactory scopes, CancellationToken cancellation)
    {
        using var scope = scopes.CreateScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        await foreach (var token in tokens.FindBySubjectAsync(candidateId.ToString(), cancellation)) await tokens.TryRevokeAsync(token, cancellation);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        // A candidate who came with a token of the shared key has no account.
        if (await users.FindByIdAsync(candidateId.ToString()) is { } account) await users.DeleteAsync(account);
    }
}
