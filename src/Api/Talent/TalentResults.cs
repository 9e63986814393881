using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Talent;

/// <summary>What the talent page lists: the candidates found, each with the form that invites them, and the invitations sent.</summary>
public static class TalentResults
{
    public static string Render(HttpContext http, IAntiforgery antiforgery, TalentPages.Data data, TalentPages.Search search)
    {
        var skill = search.Skill;
        if (data.TalentPool is not { } pool) return "";
        var skillName = data.Skills.FirstOrDefault(s => s.Slug == skill)?.Name ?? skill;
        var candidates = pool.Nodes.ToList();
        if (candidates.Count == 0)
            return Cards.Empty("Nobody found", $"No discoverable candidate has a best {skillName} score this high yet. Lower the score, or try another skill.");
        var postings = data.Postings.Nodes.Where(p => p.Skills.Contains(skill)).ToList();
        var invited = (data.Me?.Invitations ?? []).ToLookup(i => i.Candidate.Handle);
        string Invite(TalentPages.Candidate c, int i) => postings.Count == 0 ? "" : $"""
            <form method="post" action="{TalentPages.InvitePath}" class="invite">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="candidateId" value="{E(c.CandidateId)}">{search.Fields}
            <label for="posting-{i}">Position</label><select id="posting-{i}" name="postingId">{Join(postings, p => $"<option value=\"{E(p.Id)}\">{E(p.Title)}</option>")}</select>
            <label for="message-{i}">Message (optional)</label><textarea id="message-{i}" name="message" rows="2" maxlength="2000"></textarea>
            <button type="submit">Invite {E(c.Handle)}</button>
            </form>
            """;
        string Already(TalentPages.Candidate c) => Join(invited[c.Handle], i => $"<p class=\"meta\">Invited to {E(i.Posting.Title)}: {Words(i.Status)}</p>");
        return $"""
            <section aria-labelledby="results"><h2 id="results">{E(pool.TotalCount)} {(pool.TotalCount == 1 ? "candidate" : "candidates")} for {E(skillName)}</h2>
            {(postings.Count == 0 ? $"<p class=\"hint\">None of your open positions asks for {E(skillName)}: publish one to invite these candidates.</p>" : "")}
            <ol class="talent">{Join(candidates.Select((c, i) => (c, i)), x => $"""
                <li class="card" id="candidate-{E(x.c.CandidateId)}"><h3>{E(x.c.Handle)}</h3>
                <p>Best {E(skillName)} score: <strong>{E(x.c.BestScore)}</strong> / 100</p>
                {Already(x.c)}{Invite(x.c, x.i)}</li>
                """)}</ol>
            </section>
            """;
    }

    public static string Invitations(IReadOnlyList<TalentPages.Invitation> invitations) => $"""
        <section aria-labelledby="invitations"><h2 id="invitations">Invitations sent</h2>
        {(invitations.Count == 0 ? Cards.Empty("No invitations yet", "Search the talent pool and invite candidates to apply to an open position.") : $"""
            <div class="scroll" role="region" tabindex="0" aria-label="Invitations sent"><table class="data" id="invitations-sent">
            <thead><tr><th scope="col">Candidate</th><th scope="col">Position</th><th scope="col">State</th><th scope="col">Sent</th><th scope="col">Expires</th></tr></thead>
            <tbody>{Join(invitations, i => $"""<tr id="invitation-{E(i.Id)}" data-status="{E(i.Status)}"><th scope="row">{E(i.Candidate.Handle)}</th><td><a href="/postings/{E(Uri.EscapeDataString(i.Posting.Id))}">{E(i.Posting.Title)}</a></td><td>{Words(i.Status)}</td><td>{Date(i.SentAt)}</td><td>{Date(i.ExpiresAt)}</td></tr>""")}</tbody>
            </table></div>
            """)}
        </section>
        """;
}
