using Marketplace.Api.Tests.Support;
using Marketplace.Domain.Candidates;
using Marketplace.Domain.Submissions;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Talent;

/// <summary>
/// The talent pool is a row per skill of each discoverable candidate and counts per score, kept by PostgreSQL from the
/// talent profiles (docs/adr/0035). On random submissions, reviews, withdrawals and changes of discoverability, with ties
/// in score, what the API answers must be what the simple version gives: every submission and every profile counted
/// afresh, the discoverable candidates' best live score per skill, sorted.
/// </summary>
public class talent_pool_at_scale(AppFixture app)
{
    /// <summary>What the test reads: the profiles, and the pool's rows and counts PostgreSQL keeps from them.</summary>
    private const string Profiles = "TalentProfile:All";

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly int[] MinScores = [0, 60, 64, 71, 100];

    private sealed class Person(Guid id, bool discoverable)
    {
        public Guid Id { get; } = id;
        public bool Discoverable { get; set; } = discoverable;
        public int Attempts { get; set; }
    }

    private sealed record Sent(Guid Id, Guid Candidate, string Skill)
    {
        public int? Score { get; set; }
        public bool Withdrawn { get; set; }
    }

    [Fact]
    public async Task every_page_its_total_and_the_minimum_score_equal_a_recount_from_scratch_on_random_data()
    {
        var company = await app.RegisterCompany();
        var challenge = await app.PublishedChallenge(company.Token);
        var random = new Random(22);
        // Skills of this test's own: other tests' candidates stand in the catalogue's pools.
        var skills = Enumerable.Range(0, 3).Select(i => $"pool-{i}-{Guid.NewGuid():N}"[..24]).ToArray();
        var people = Enumerable.Range(0, 240).Select(_ => new Person(Guid.NewGuid(), random.Next(3) > 0)).ToList();
        var sent = new List<Sent>();

        // First: registrations, then submissions in one to three skills, most of them reviewed with narrow scores (ties),
        // a few withdrawn, some after their review.
        await using (var session = app.Store.LightweightSession())
        {
            foreach (var person in people)
            {
                session.Events.StartStream<Candidate>(person.Id, new CandidateRegistered(person.Id, Handles.For(person.Id), Profile(person)));
                foreach (var skill in skills.Where(_ => random.Next(2) == 0).DefaultIfEmpty(skills[0]))
                    for (var n = random.Next(1, 3); n > 0; n--)
                        sent.Add(Submit(session, challenge, company.Id, person, skill, random.Next(10) < 8 ? random.Next(58, 72) : null,
                            withdrawn: random.Next(10) == 0));
            }
            await session.SaveChangesAsync();
        }
        await app.CaughtUp(Profiles);
        await ShouldAgree(skills, people, sent, company.Token);

        // Then every kind of change: some leave the pool and some join it, some improve on their best, some review below
        // it (which moves nothing), the leaders withdraw their best, waiting work is reviewed, and one candidate is erased.
        await using (var session = app.Store.LightweightSession())
        {
            foreach (var person in people.Where(_ => random.Next(5) == 0))
            {
                person.Discoverable = !person.Discoverable;
                session.Events.Append(person.Id, new CandidateProfileUpdated(person.Id, Profile(person)));
            }
            foreach (var person in people.Where(_ => random.Next(6) == 0))
                sent.Add(Submit(session, challenge, company.Id, person, skills[random.Next(skills.Length)], random.Next(55, 80), withdrawn: false));
            foreach (var leader in Recounted(skills[0], people, sent).Take(15))
            {
                var best = Live(sent).Where(s => s.Candidate == leader.Candidate && s.Skill == skills[0]).MaxBy(s => s.Score)!;
                best.Withdrawn = true;
                session.Events.Append(best.Id, new SubmissionWithdrawn(best.Id, challenge, best.Candidate, T0.AddHours(2)));
            }
            foreach (var waiting in sent.Where(s => s is { Score: null, Withdrawn: false }).Take(30))
            {
                waiting.Score = random.Next(50, 75);
                session.Events.Append(waiting.Id, new FeedbackGenerated(waiting.Id, challenge, waiting.Candidate, "rules", 1, waiting.Score.Value, "ok", []));
            }
            var erased = people.First(p => p.Discoverable && Live(sent).Any(s => s.Candidate == p.Id));
            erased.Discoverable = false;
            session.Events.Append(erased.Id, new CandidateErased(erased.Id, T0.AddHours(3)));
            await session.SaveChangesAsync();
        }
        await app.CaughtUp(Profiles);
        await ShouldAgree(skills, people, sent, company.Token);
    }

    [Fact]
    public async Task a_page_and_its_total_read_only_their_indexes()
    {
        await using var db = new NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        (await EventStoreChecks.Lines(db, "select indexname from pg_indexes where tablename = 'mt_talent_pool' order by 1")).ShouldBe(["ix_talent_pool_rank"]);
        await using (var noScans = new NpgsqlCommand("set enable_seqscan = off; set enable_bitmapscan = off; set enable_sort = off", db))
            await noScans.ExecuteNonQueryAsync();
        var page = string.Join("\n", await EventStoreChecks.Lines(db,
            "explain select candidate_id, score from mt_talent_pool where skill = 'go' and score >= 60 order by score desc, candidate_id limit 20 offset 40"));
        page.ShouldContain("Index Only Scan using ix_talent_pool_rank");
        page.ShouldNotContain("Sort", Case.Sensitive, "the index gives the order, so a page reads only its rows");
        string.Join("\n", await EventStoreChecks.Lines(db, "explain select sum(candidates) from mt_talent_pool_scores where skill = 'go' and score >= 60"))
            .ShouldContain("mt_talent_pool_scores_pkey");
    }

    private static CandidateProfile Profile(Person person) => new("Pool Candidate", $"{person.Id:N}@example.com", null, ["microservices"], person.Discoverable);

    private static Sent Submit(Marten.IDocumentSession session, Guid challenge, Guid company, Person person, string skill, int? score, bool withdrawn)
    {
        var submission = new Sent(SubmissionIds.For(challenge, person.Id, ++person.Attempts), person.Id, skill) { Score = score, Withdrawn = withdrawn };
        var at = T0.AddMinutes(person.Attempts);
        var events = new List<object> { new SubmissionReceived(submission.Id, challenge, person.Id, company, skill, person.Attempts, "work", null, at) };
        if (score is { } given) events.Add(new FeedbackGenerated(submission.Id, challenge, person.Id, "rules", 1, given, "ok", []));
        if (withdrawn) events.Add(new SubmissionWithdrawn(submission.Id, challenge, person.Id, at.AddMinutes(30)));
        session.Events.StartStream<Submission>(submission.Id, events);
        return submission;
    }

    private static IEnumerable<Sent> Live(List<Sent> sent) => sent.Where(s => s is { Withdrawn: false, Score: not null });

    /// <summary>The simple version: each discoverable candidate's best live score in the skill, higher first, then by id as PostgreSQL orders uuids.</summary>
    private static List<(Guid Candidate, int Score)> Recounted(string skill, List<Person> people, List<Sent> sent)
    {
        var discoverable = people.Where(p => p.Discoverable).Select(p => p.Id).ToHashSet();
        return [.. Live(sent).Where(s => s.Skill == skill && discoverable.Contains(s.Candidate))
            .GroupBy(s => s.Candidate).Select(g => (Candidate: g.Key, Score: g.Max(s => s.Score!.Value)))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Candidate.ToString(), StringComparer.Ordinal)];
    }

    private async Task ShouldAgree(string[] skills, List<Person> people, List<Sent> sent, string token)
    {
        foreach (var skill in skills)
        foreach (var minScore in MinScores)
        {
            var expected = Recounted(skill, people, sent).Where(c => c.Score >= minScore).ToList();
            var listed = new List<(Guid, string, int)>();
            string? after = null;
            do
            {
                var page = (await app.Host.GraphQL("query($skill: String!, $minScore: Int, $after: String) { talentPool(skill: $skill, minScore: $minScore, first: 25, after: $after) { " +
                    "totalCount pageInfo { hasNextPage endCursor } edges { node { candidateId handle skill bestScore } } } }",
                    new { skill, minScore, after }, token)).Data("talentPool");
                page.GetProperty("totalCount").GetInt32().ShouldBe(expected.Count, $"{skill} from {minScore}, after {after}");
                listed.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).Select(n =>
                {
                    n.GetProperty("skill").GetString().ShouldBe(skill);
                    return (n.GetProperty("candidateId").GetGuid(), n.GetProperty("handle").GetString()!, n.GetProperty("bestScore").GetInt32());
                }));
                var info = page.GetProperty("pageInfo");
                after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
            } while (after is not null);
            listed.ShouldBe([.. expected.Select(c => (c.Candidate, Handles.For(c.Candidate), c.Score))], $"{skill} from {minScore}");
        }
    }
}
