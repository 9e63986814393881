using Marketplace.Api.Accounts;
using Marketplace.Api.Companies;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Infrastructure.Web;
using Marketplace.Api.Postings;
using static Marketplace.Api.Applications.PipelineData;
using static Marketplace.Api.Infrastructure.Web.Html;

namespace Marketplace.Api.Applications;

/// <summary>
/// A posting's pipeline board: a column per stage, a card per application with its candidate (as blind review lets the
/// company see them), evidence scores and days in stage, and the moves as small forms that work with the keyboard and
/// without JavaScript. With it, board.js adds dragging, and follows the posting's applications live.
/// </summary>
public sealed class BoardPage(PageQueries queries, PipelineForms forms, TimeProvider clock)
{
    /// <summary>More than a board can usefully show; past it the page says so.</summary>
    private const int MaxCards = 2_000;

    public Task<IResult> Show(HttpContext http, string id) =>
        PipelineForms.Show(http, (actor, problem, status) => Render(http, actor, id, problem, status));

    /// <summary>A move from a card; back to the card, which board.js focuses again.</summary>
    public Task<IResult> Act(HttpContext http, string id) =>
        forms.Act(http, form => $"{PostingWorkspace.BoardPath(id)}#card-{Uri.EscapeDataString(form["applicationId"].ToString())}",
            (actor, problem, status) => Render(http, actor, id, problem, status));

    private async Task<IResult> Render(HttpContext http, Actor actor, string id, string? problem, int status)
    {
        PostingRef? posting = null;
        var cards = new List<Card>();
        var total = 0;
        try
        {
            string? after = null;
            do
            {
                var page = await queries.Run<BoardData>(http, actor, BoardQuery, new { id, after });
                (posting, total) = (page.Posting, page.Applications.TotalCount);
                cards.AddRange(page.Applications.Nodes);
                after = page.Applications.PageInfo.HasNextPage ? page.Applications.PageInfo.EndCursor : null;
            } while (after is not null && cards.Count < MaxCards);
        }
        // Another company's posting is not there for this one (PRODUCT.md: a denied read answers as if it did not exist).
        catch (PageQueryFailed failed) when (failed.Code is "NOT_FOUND" or "VALIDATION_FAILED" or "FORBIDDEN")
        {
            return Layout.Result(http, Layout.NotFound("Posting"));
        }
        if (posting is null) return Layout.Result(http, Layout.NotFound("Posting"));

        var board = new BoardColumns(forms, http, PostingWorkspace.BoardPath(posting.Id), clock.GetUtcNow());
        var ended = cards.Where(c => c.Status is not ("ACTIVE" or "HIRED")).ToList();
        var body = $"""
            {Workspace.Nav(actor, PipelineForms.Section.Href)}
            <nav aria-label="Breadcrumb" class="crumbs"><a href="{PipelineForms.Section.Href}">Postings</a> › <span aria-current="page">{E(posting.Title)}</span></nav>
            <h1>Pipeline: {E(posting.Title)}</h1>
            <p class="hint">Each card moves forward with its button, or is rejected with a reason; open a candidate for their evidence, history and notes.<span class="drag-hint" hidden> With a mouse, drag a card to a later column.</span></p>
            <p class="visually-hidden" id="board-announcement" role="status" aria-live="polite"></p>
            <div class="board-frame" data-board="{E(posting.Id)}">
            <p class="meta">{Words(posting.Status)} · {E(total)} {(total == 1 ? "application" : "applications")}{(posting.BlindReview ? " · blind review: names show from the interview on" : "")}</p>
            {AccountForms.Problem(problem)}
            {(cards.Count < total ? $"<p class=\"hint\">Showing the newest {E(cards.Count)} of {E(total)} applications.</p>" : "")}
            <div class="board">{Join(Stages, stage => board.Column(stage, cards.Where(c => c.Stage == stage && c.Status is ("ACTIVE" or "HIRED")).ToList()))}</div>
            {board.Ended(ended)}
            </div>
            <script src="/site/board.js" defer></script>
            """;
        return Layout.Result(http, new Page($"Pipeline: {posting.Title}", "The hiring pipeline of a posting.", body) { Status = status, Indexable = false });
    }
}
