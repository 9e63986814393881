using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Meaning;
using Microsoft.AspNetCore.Antiforgery;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Talent;

/// <summary>
/// The talent page's other way in: choose one of the company's open positions and see the discoverable candidates whose
/// reviewed work matches it, by handle (blind review: no name before an interview), each with the passages that match
/// and an invitation to that position.
/// </summary>
public static class TalentRecommendations
{
    public static string Render(HttpContext http, IAntiforgery antiforgery, TalentPages.Data data, TalentPages.Search search)
    {
        var positions = data.Postings.Nodes.ToList();
        var chosen = positions.FirstOrDefault(p => p.Id == search.Posting);
        return $"""
            <section aria-labelledby="recommended"><h2 id="recommended">Recommended for a position</h2>
            {(positions.Count == 0 ? "<p class=\"hint\">Publish a position to see the candidates whose work matches it.</p>" : $"""
                <form method="get" action="{TalentPages.Path}" class="filters" aria-label="Recommended candidates for a position">
                <input type="hidden" name="skill" value="{E(search.Skill)}"><input type="hidden" name="minScore" value="{E(search.MinScore)}">
                <div class="field"><label for="posting">Position</label><select id="posting" name="posting"><option value="">Choose a position</option>{Join(positions, p =>
                    $"<option value=\"{E(p.Id)}\"{(p.Id == search.Posting ? " selected" : "")}>{E(p.Title)}</option>")}</select></div>
                <div class="actions"><button type="submit">Recommend candidates</button></div>
                </form>
                """)}
            {(chosen is null || data.RecommendedCandidates is not { } found ? "" : Results(http, antiforgery, found, chosen, search))}
            </section>
            """;
    }

    private static string Results(HttpContext http, IAntiforgery antiforgery, List<TalentPages.Recommended> found, TalentPages.Posting posting,
        TalentPages.Search search) => found.Count == 0
        ? Cards.Empty("Nobody to recommend yet", $"No discoverable candidate's reviewed work matches {posting.Title} closely yet. Search the pool by skill above.")
        : $"""
            <p class="hint">Discoverable candidates whose reviewed work is closest in meaning to {E(posting.Title)}, best first.</p>
            <ol class="recommended">{Join(found.Select((c, i) => (c, i)), x => $"""
                <li class="card" id="recommended-{E(x.c.CandidateId)}"><h3>{E(x.c.Handle)}</h3>
                <p class="meta">{ReasonsHtml.Match(x.c.Score)} match · best score {E(x.c.BestScore)} / 100</p>
                {ReasonsHtml.List(x.c.Reasons, own: false)}
                <form method="post" action="{TalentPages.InvitePath}" class="invite">{AccountForms.TokenField(http, antiforgery)}<input type="hidden" name="candidateId" value="{E(x.c.CandidateId)}"><input type="hidden" name="postingId" value="{E(posting.Id)}">{search.Fields}
                <label for="recommended-message-{x.i}">Message (optional)</label><textarea id="recommended-message-{x.i}" name="message" rows="2" maxlength="2000"></textarea>
                <button type="submit">Invite {E(x.c.Handle)} to {E(posting.Title)}</button>
                </form></li>
                """)}</ol>
            """;
}
