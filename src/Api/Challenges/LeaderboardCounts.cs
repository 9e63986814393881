using Marketplace.Api.Infrastructure.Hosting;
using Marten;

namespace Marketplace.Api.Challenges;

/// <summary>
/// How many candidates stand at each best score on each challenge's leaderboard (<c>mt_leaderboard_scores</c>), and each
/// challenge's figures (<c>mt_challenge_figures</c>: live submissions, the number and sum of their scores), kept by
/// PostgreSQL itself from the leaderboard rows in the transaction that writes them (docs/adr/0033). A board's total is
/// then a sum over at most a hundred counts, a position one more count over the candidates at the same score, and the
/// figures one row, however many candidates the challenge has. Applied with the rest of the schema, after the rows' table.
/// </summary>
public sealed class LeaderboardCounts(StoreOptions options) : TriggerKeptTables(options, "LeaderboardCounts", "mt_doc_leaderboardrow",
    [Table, Figures], "mt_leaderboard_count", "mt_leaderboard_cleared", "Candidates per best score on each leaderboard (docs/adr/0033)")
{
    public const string Table = "mt_leaderboard_scores";
    public const string Figures = "mt_challenge_figures";

    private string Rows => Documents;
    private string Scores => Qualified(Table);
    private string Totals => Qualified(Figures);

    protected override string Create => $"""
        create table if not exists {Scores} (challenge_id uuid not null, score integer not null, candidates integer not null,
          primary key (challenge_id, score));
        create table if not exists {Totals} (challenge_id uuid primary key, submissions integer not null, scored integer not null,
          score_total bigint not null);
        """;

    /// <summary>
    /// The score is the key's first ten digits taken from <c>int.MaxValue</c> (<c>LeaderboardRow.KeyFor</c>); a row's
    /// share of the figures is in its document.
    /// </summary>
    protected override (string Tag, string Body) Keep => ("count", $"""
        begin
          if tg_op in ('UPDATE', 'DELETE') then
            if old.rank_key is not null then
              update {Scores} set candidates = candidates - 1
               where challenge_id = old.challenge_id and score = 2147483647 - left(old.rank_key, 10)::bigint;
            end if;
            update {Totals} set submissions = submissions - coalesce((old.data ->> 'Live')::int, 0), scored = scored - coalesce((old.data ->> 'Scored')::int, 0),
              score_total = score_total - coalesce((old.data ->> 'ScoreTotal')::bigint, 0) where challenge_id = old.challenge_id;
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
            if new.rank_key is not null then
              insert into {Scores} as s values (new.challenge_id, 2147483647 - left(new.rank_key, 10)::bigint, 1)
              on conflict (challenge_id, score) do update set candidates = s.candidates + 1;
            end if;
            insert into {Totals} as f values (new.challenge_id, coalesce((new.data ->> 'Live')::int, 0), coalesce((new.data ->> 'Scored')::int, 0),
              coalesce((new.data ->> 'ScoreTotal')::bigint, 0))
            on conflict (challenge_id) do update set submissions = f.submissions + excluded.submissions,
              scored = f.scored + excluded.scored, score_total = f.score_total + excluded.score_total;
          end if;
          return null;
        end
        """);

    protected override string Fill => $"""
        delete from {Scores};
        insert into {Scores} select challenge_id, 2147483647 - left(rank_key, 10)::bigint, count(*)
          from {Rows} where rank_key is not null group by 1, 2;
        delete from {Totals};
        insert into {Totals} select challenge_id, sum(coalesce((data ->> 'Live')::int, 0)), sum(coalesce((data ->> 'Scored')::int, 0)),
          sum(coalesce((data ->> 'ScoreTotal')::bigint, 0)) from {Rows} group by 1;
        """;
}
