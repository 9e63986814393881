using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>
/// --board: the pipeline board of a posting with 500 applications (issue 26). The applications are made through the
/// API as candidates make them: each candidate submits work to a challenge, has it reviewed, and applies with it as
/// evidence; then the company spreads them over the stages. The board is then read as its page reads it, every page of
/// the same GraphQL document (src/Api/Applications/PipelineData.cs), one board after another. The API sends no
/// Server-Timing, so the time is measured at the bench, on loopback: it includes the HTTP round trips of the pages but
/// not the page's HTML rendering (the bench has no session cookie to open the page itself).
/// </summary>
public sealed class BoardBenchmarks(BenchContext context)
{
    private const string Name = "pipeline board";
    private const int Applications = 500;
    private const int WarmUpBoards = 5;
    private const int MeasuredBoards = 60;
    private const int Concurrency = 8;

    /// <summary>The board page's document, as in PipelineData.BoardQuery.</summary>
    private const string BoardQuery = """
        query Board($id: ID!, $after: String) { posting(id: $id) { id title status blindReview }
          applications(postingId: $id, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { id version stage status changedAt candidate { handle displayName } evidence { feedback { overallScore } } } } } }
        """;

    private readonly CancellationToken cancellation = context.Cancellation;

    public async Task Run()
    {
        await using var server = await context.Launcher.Serve(context.Databases.Main, context.Http, cancellation);
        var client = new GraphQLClient(context.Http, server.GraphQL);
        var world = await World.Create(client, context, Applications, "bench-board");
        var owner = context.Tokens.Owner("bench-board");
        var posting = world.Postings[0];
        await Fill(client, world, owner, posting);

        Log.Detail($"{WarmUpBoards} + {MeasuredBoards} boards, one after another");
        var times = new List<long>();
        for (var board = 0; board < WarmUpBoards + MeasuredBoards; board++)
        {
            var started = Stopwatch.GetTimestamp();
            var cards = await Board(client, owner, posting);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (cards != Applications) context.Report.Fail(Name, $"the board showed {cards} applications of {Applications}");
            if (board >= WarmUpBoards) times.Add(elapsed);
        }
        var result = new Latencies(times);
        var title = $"Board of {Applications} applications ({Applications / 100} pages of its GraphQL document), {MeasuredBoards} sequential boards, time at the client on loopback";
        context.Report.Add($"{title}: p50", new Measure(result.PercentileMs(50), "ms"), Name);
        context.Report.Add($"{title}: p95", new Measure(result.PercentileMs(95), "ms"), Name, target: Target.Below(300, "ms"));
        context.Report.Add($"{title}: mean", new Measure(result.MeanMs, "ms"), Name);
    }

    /// <summary>Every page of the board; how many applications it showed.</summary>
    private async Task<int> Board(GraphQLClient client, string owner, Guid posting)
    {
        var (cards, after) = (0, (string?)null);
        do
        {
            var page = (await client.Data(GraphQLRequest.Of(BoardQuery, new { id = posting, after }, owner), cancellation)).GetProperty("applications");
            cards += page.GetProperty("edges").GetArrayLength();
            var info = page.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        return cards;
    }

    /// <summary>Each candidate's reviewed work as evidence of an application; then half move on, a tenth are rejected.</summary>
    private async Task Fill(GraphQLClient client, World world, string owner, Guid posting)
    {
        Log.Detail($"{Applications} submissions, reviewed");
        var work = new Guid[Applications];
        await Each(async i => work[i] = (await client.Data(GraphQLRequest.Of(Documents.SubmitToChallenge,
            new { input = new { challengeId = world.Challenges[i % world.Challenges.Count], content = SubmissionRequests.Content() } },
            world.Candidates[i].Token), cancellation)).GetProperty("submitToChallenge").GetProperty("submission").GetProperty("id").GetGuid());
        await Each(i => Reviewed(client, world.Candidates[i].Token, work[i]));

        Log.Detail($"{Applications} applications with that evidence, spread over the stages");
        var applications = new Guid[Applications];
        await Each(async i => applications[i] = (await client.Data(GraphQLRequest.Of(Documents.ApplyToPosting,
            new { input = new { postingId = posting, coverNote = "I have split two monoliths.", evidence = new[] { work[i] } } },
            world.Candidates[i].Token), cancellation)).GetProperty("applyToPosting").GetProperty("application").GetProperty("id").GetGuid());
        await Each(async i =>
        {
            var id = applications[i];
            foreach (var move in (i % 10) switch
                     {
                         5 or 6 => [Advance(id, "SCREENING")],
                         7 => [Advance(id, "SCREENING"), Advance(id, "INTERVIEW")],
                         8 => [Advance(id, "INTERVIEW"), Offer(id)],
                         9 => [Reject(id)],
                         _ => Array.Empty<(string, object)>(),
                     })
                await client.Data(GraphQLRequest.Of(move.Item1, new { input = move.Item2 }, owner), cancellation);
        });
    }

    private static (string, object) Advance(Guid id, string stage) =>
        ("mutation($input: AdvanceApplicationInput!) { advanceApplication(input: $input) { application { id } } }", new { applicationId = id, toStage = stage });

    private static (string, object) Offer(Guid id) =>
        ("mutation($input: ApplicationIdInput!) { extendOffer(input: $input) { application { id } } }", new { applicationId = id });

    private static (string, object) Reject(Guid id) =>
        ("mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { application { id } } }", new { applicationId = id, reason = "SKILLS_MISMATCH" });

    private async Task Reviewed(GraphQLClient client, string token, Guid submission)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            var status = (await client.Data(GraphQLRequest.Of("query($id: ID!) { submission(id: $id) { status } }", new { id = submission }, token), cancellation))
                .GetProperty("submission").GetProperty("status").GetString();
            if (status == "FEEDBACK_READY") return;
            if (status == "FEEDBACK_FAILED") throw new BenchFailure($"submission {submission} was not reviewed");
            await Task.Delay(200, cancellation);
        }
        throw new BenchFailure($"submission {submission} was not reviewed within two minutes");
    }

    private Task Each(Func<int, Task> act) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Applications), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellation },
            async (i, _) => await act(i));
}
