using Marketplace.Api.Infrastructure.Web;
using static Marketplace.Api.Applications.PipelineData;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Applications;

/// <summary>
/// The board's columns and cards. A card is a list item that can take focus (board.js gives it back after the board is
/// read again); its moves post to the board, which redirects back to the card.
/// </summary>
public sealed class BoardColumns(PipelineForms forms, HttpContext http, string action, DateTimeOffset now)
{
    public string Column(string stage, IReadOnlyList<Card> cards) => $"""
        <section class="column" data-stage="{stage}" aria-labelledby="column-{stage}">
        <h2 id="column-{stage}">{Words(stage)} <span class="count">({E(cards.Count)})</span></h2>
        {(cards.Count == 0 ? "<p class=\"hint\">None.</p>" : $"<ol class=\"lane\">{Join(cards, Card)}</ol>")}
        </section>
        """;

    /// <summary>Applications that ended (rejected, withdrawn, declined or closed) apart, behind a toggle that needs no script.</summary>
    public string Ended(IReadOnlyList<Card> cards) => cards.Count == 0 ? "" : $"""
        <details class="ended"><summary id="ended-applications">Ended applications ({E(cards.Count)})</summary>
        <ul>{Join(cards, c => $"<li id=\"card-{E(c.Id)}\" data-application=\"{E(c.Id)}\" tabindex=\"-1\"><a href=\"{E(ApplicationPage.Path(c.Id))}\">{E(Name(c.Candidate))}</a>: {Words(c.Status)} at {Words(c.Stage).ToLowerInvariant()}, {Date(c.ChangedAt)}</li>")}</ul>
        </details>
        """;

    private string Card(Card card)
    {
        var name = Name(card.Candidate);
        var scores = card.Evidence.Select(e => e.Feedback?.OverallScore).OfType<int>().ToList();
        var next = card.Status == "ACTIVE" ? Next(card.Stage) : null;
        var move = next is null
            ? $"<p class=\"hint\">{(card.Stage == "OFFER" ? "Waiting for the candidate's answer to the offer." : "Hired.")}</p>"
            : forms.Move(http, action, card.Id, card.Version, next, next == "OFFER" ? "Record an offer" : $"Move to {Label(next).ToLowerInvariant()}", name);
        var reject = card.Status != "ACTIVE" ? "" : $"""
            <details class="reject-toggle"><summary>Reject<span class="visually-hidden">: {E(name)}</span></summary>
            {forms.Reject(http, action, card.Id, card.Version)}
            </details>
            """;
        return $"""
            <li class="card" id="card-{E(card.Id)}" data-application="{E(card.Id)}" data-stage="{E(card.Stage)}" tabindex="-1">
            <h3><a href="{E(ApplicationPage.Path(card.Id))}">{E(name)}</a></h3>
            {(card.Candidate.DisplayName is null ? "" : $"<p class=\"meta\">{E(card.Candidate.Handle)}</p>")}
            <p class="meta">{(scores.Count == 0 ? "No evidence attached" : $"Evidence: {string.Join(", ", scores)} / 100")}</p>
            <p class="meta">{(card.Status == "ACTIVE" ? $"{E(Days(card.ChangedAt, now))} in {Words(card.Stage).ToLowerInvariant()}" : $"Since {Date(card.ChangedAt)}")}</p>
            {move}
            {reject}
            </li>
            """;
    }
}
