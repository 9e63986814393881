using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Marketplace.Api.Challenges;

/// <summary>
/// How many candidates stand at each best score on each challenge's leaderboard (<c>mt_leaderboard_scores</c>), and each
/// challenge's figures (<c>mt_challenge_figures</c>: live submissions, the number and sum of their scores), kept by
/// PostgreSQL itself from the leaderboard rows in the transaction that writes them (docs/adr/0033). A board's total is
/// then a sum over at most a hundred counts, a position one more count over the candidates at the same score, and the
/// figures one row, however many candidates the challenge has. Applied with the rest of the schema, after the rows' table.
/// </summary>
public sealed class LeaderboardCounts(StoreOptions options) : FeatureSchemaBase("LeaderboardCounts", options.Advanced.Migrator)
{
    public const string Table = "mt_leaderboard_scores";
    public const string Figures = "mt_challenge_figures";

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Counts(options.DatabaseSchemaName);
    }

    /// <summary>
    /// The table, its triggers and their functions as one object, told apart from an older definition by a fingerprint in
    /// the function's comment. Made again when a trigger is missing too: a rows' table made again loses them.
    /// </summary>
    private sealed class Counts(string schema) : ISchemaObject
    {
        private string Rows => $"{schema}.mt_doc_leaderboardrow";
        private string Scores => $"{schema}.{Table}";
        private string Totals => $"{schema}.{Figures}";
        private string Counter => $"{schema}.mt_leaderboard_count";
        private string Clearer => $"{schema}.mt_leaderboard_cleared";

        public DbObjectName Identifier => new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General);

        /// <summary>
        /// The score is the key's first ten digits taken from <c>int.MaxValue</c> (<c>LeaderboardRow.KeyFor</c>); a row's
        /// share of the figures is in its document. After the triggers, every count is made again from the rows, for a
        /// database that had rows before it had counts.
        /// </summary>
        private string Script => $"""
            create table if not exists {Scores} (challenge_id uuid not null, score integer not null, candidates integer not null,
              primary key (challenge_id, score));
            create table if not exists {Totals} (challenge_id uuid primary key, submissions integer not null, scored integer not null,
              score_total bigint not null);
            create or replace function {Counter}() returns trigger language plpgsql as $count$
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
            $count$;
            create or replace function {Clearer}() returns trigger language plpgsql as $clear$
            begin
              truncate {Scores}, {Totals};
              return null;
            end
            $clear$;
            drop trigger if exists mt_leaderboard_count on {Rows};
            create trigger mt_leaderboard_count after insert or update or delete on {Rows} for each row execute function {Counter}();
            drop trigger if exists mt_leaderboard_cleared on {Rows};
            create trigger mt_leaderboard_cleared after truncate on {Rows} for each statement execute function {Clearer}();
            delete from {Scores};
            insert into {Scores} select challenge_id, 2147483647 - left(rank_key, 10)::bigint, count(*)
              from {Rows} where rank_key is not null group by 1, 2;
            delete from {Totals};
            insert into {Totals} select challenge_id, sum(coalesce((data ->> 'Live')::int, 0)), sum(coalesce((data ->> 'Scored')::int, 0)),
              sum(coalesce((data ->> 'ScoreTotal')::bigint, 0)) from {Rows} group by 1;
            """;

        private string Comment => $"Candidates per best score on each leaderboard (docs/adr/0033); definition " +
                                  Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))[..16];

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(Script);
            writer.WriteLine($"comment on function {Counter}() is '{Comment}';");
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"""
            drop trigger if exists mt_leaderboard_count on {Rows};
            drop trigger if exists mt_leaderboard_cleared on {Rows};
            drop function if exists {Counter}();
            drop function if exists {Clearer}();
            drop table if exists {Scores};
            drop table if exists {Totals};
            """);

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            builder.Append($"select obj_description(to_regprocedure('{Counter}()'), 'pg_proc'), (select count(*) from pg_trigger where tgrelid = to_regclass('{Rows}') " +
                           "and tgname in ('mt_leaderboard_count', 'mt_leaderboard_cleared'));");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            var comment = await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0);
            var triggers = reader.GetInt64(1);
            var difference = comment is null && triggers == 0 ? SchemaPatchDifference.Create
                : comment == Comment && triggers == 2 ? SchemaPatchDifference.None
                : SchemaPatchDifference.Update;
            return new SchemaObjectDelta(this, difference);
        }

        public IEnumerable<DbObjectName> AllNames() => [Identifier, new PostgresqlObjectName(schema, Figures, SchemaUtils.IdentifierUsage.General)];
    }
}
