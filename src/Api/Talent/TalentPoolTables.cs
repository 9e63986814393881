using Marketplace.Api.Infrastructure.Hosting;
using Marten;

namespace Marketplace.Api.Talent;

/// <summary>
/// The talent pool as PostgreSQL keeps it from the talent profiles, in the transaction that writes them (docs/adr/0035):
/// <c>mt_talent_pool</c>, a row per skill of each discoverable candidate with their best score there, under one index in
/// the pool's order (<c>ix_talent_pool_rank</c>: skill, best score first, then the candidate's id), and
/// <c>mt_talent_pool_scores</c>, how many such candidates stand at each score of each skill. A page of the pool is then a
/// range of that index and its total a sum of at most a hundred and one counts, however many candidates there are.
/// Applied with the rest of the schema, after the profiles' table.
/// </summary>
public sealed class TalentPoolTables(StoreOptions options) : TriggerKeptTables(options, "TalentPoolTables", "mt_doc_talentprofile",
    [Table, Scores], "mt_talent_pool_kept", "mt_talent_pool_cleared", "Talent pool rows and counts per score (docs/adr/0035)")
{
    public const string Table = "mt_talent_pool";
    public const string Scores = "mt_talent_pool_scores";

    private string Profiles => Documents;
    private string Rows => Qualified(Table);
    private string Counts => Qualified(Scores);

    protected override string Create => $"""
        create table if not exists {Rows} (skill text not null, score integer not null, candidate_id uuid not null);
        create unique index if not exists ix_talent_pool_rank on {Rows} (skill, score desc, candidate_id);
        create table if not exists {Counts} (skill text not null, score integer not null, candidates integer not null,
          primary key (skill, score));
        """;

    /// <summary>
    /// A profile whose best scores and discoverability are as before changes nothing: most reviews that do not beat the
    /// candidate's best, and profile changes that leave discoverability alone. Otherwise its old entries leave and the
    /// new ones arrive, a few rows (one per skill).
    /// </summary>
    protected override (string Tag, string Body) Keep => ("pool", $"""
        begin
          if tg_op = 'UPDATE' and new.data -> 'Best' = old.data -> 'Best'
             and (new.data ->> 'Discoverable') is not distinct from (old.data ->> 'Discoverable') then
            return null;
          end if;
          if tg_op in ('UPDATE', 'DELETE') and (old.data ->> 'Discoverable')::boolean then
            delete from {Rows} p using jsonb_each_text(old.data -> 'Best') b
             where p.skill = b.key and p.score = b.value::int and p.candidate_id = old.id;
            update {Counts} s set candidates = s.candidates - 1 from jsonb_each_text(old.data -> 'Best') b
             where s.skill = b.key and s.score = b.value::int;
          end if;
          if tg_op in ('INSERT', 'UPDATE') and (new.data ->> 'Discoverable')::boolean then
            insert into {Rows} select b.key, b.value::int, new.id from jsonb_each_text(new.data -> 'Best') b;
            insert into {Counts} as s select b.key, b.value::int, 1 from jsonb_each_text(new.data -> 'Best') b
            on conflict (skill, score) do update set candidates = s.candidates + 1;
          end if;
          return null;
        end
        """);

    protected override string Fill => $"""
        delete from {Rows};
        insert into {Rows} select b.key, b.value::int, t.id from {Profiles} t cross join lateral jsonb_each_text(t.data -> 'Best') b
          where (t.data ->> 'Discoverable')::boolean;
        delete from {Counts};
        insert into {Counts} select skill, score, count(*) from {Rows} group by 1, 2;
        """;
}
