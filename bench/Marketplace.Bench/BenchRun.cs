using System.Runtime.InteropServices;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>What every benchmark shares.</summary>
public sealed record BenchContext(
    BenchOptions Options, Databases Databases, ApiLauncher Launcher, HttpClient Http, Tokens Tokens, Report Report,
    CancellationToken Cancellation);

/// <summary>The whole run: fresh databases, baselines, the API under load, the big history; then the table.</summary>
public static class BenchRun
{
    public static async Task<int> Execute(BenchOptions options, CancellationToken cancellation)
    {
        var checkout = Checkout.Locate();
        var databases = Databases.FromEnvironment();
        var report = new Report();
        var environment = await DescribeEnvironment(databases, options, cancellation);
        Console.WriteLine(environment);
        await using var tokens = new Tokens();
        using var http = CreateHttpClient();
        var context = new BenchContext(options, databases, new ApiLauncher(checkout, tokens.Issuer), http, tokens, report, cancellation);
        var exitCode = await Guarded(context, () => RunAll(context));
        WriteTable(checkout, options, report.Render(environment));
        return exitCode == 0 && report.HasFailures ? 1 : exitCode;
    }

    private static async Task RunAll(BenchContext context)
    {
        Log.Step("Creating the bench databases");
        await context.Databases.Recreate(context.Cancellation);
        if (context.Options.LiveOnly)
        {
            Log.Step("Preparing the database: schema and skill catalogue");
            await PrepareMain(context);
            await Live(context);
            return;
        }
        if (context.Options.WebhooksOnly)
        {
            Log.Step("Preparing the database: schema and skill catalogue");
            await PrepareMain(context);
            await Webhooks(context);
            return;
        }
        if (context.Options.BoardOnly)
        {
            Log.Step("Preparing the database: schema and skill catalogue");
            await PrepareMain(context);
            Log.Step("The pipeline board: a posting with 500 applications, read as the board page reads it");
            await new BoardBenchmarks(context).Run();
            return;
        }
        if (context.Options.LeaderboardOnly)
        {
            Log.Step("Preparing the database: schema and skill catalogue");
            await PrepareMain(context);
            Log.Step("The leaderboard at scale: a challenge with 100,000 submissions against one with 100");
            await new LeaderboardBenchmarks(context).Run();
            return;
        }
        if (context.Options.TalentOnly)
        {
            Log.Step("Preparing the database: schema and skill catalogue");
            await PrepareMain(context);
            Log.Step("The talent pool at scale: 100,000 candidates with a best score against 100");
            await new TalentBenchmarks(context).Run();
            return;
        }
        if (context.Options.FunnelOnly)
        {
            // The funnel at a size of its own (the scaling model's 1, 2 and 4 million): the baselines for the rebuild's ratio.
            Log.Step("Measuring the PostgreSQL baselines");
            var copy = await MeasureBaselines(context);
            var sized = new FunnelBenchmarks(context);
            Log.Step($"Preparing the funnel database: a history of {context.Options.FunnelApplications:N0} applications");
            await sized.Prepare();
            Log.Step("Rebuilding the timeline projection and answering funnels on the big history");
            await sized.Run(copy);
            return;
        }
        // Feedback only: the submission bursts give the sustained load its rate; no baselines, floor or funnel.
        Baselines? baselines = null;
        if (!context.Options.FeedbackOnly)
        {
            Log.Step("Measuring the PostgreSQL baselines");
            baselines = await MeasureBaselines(context);
            if (!context.Options.ReadsOnly)
            {
                Log.Step("Measuring the fixed stack's floor: one append per request, one layer added per rung");
                baselines = baselines with { Floor = await new FloorBenchmarks(context, baselines).Run() };
            }
        }
        // Commands only: no funnel history to load, rebuild or query.
        var funnel = context.Options.Everything ? new FunnelBenchmarks(context) : null;
        Log.Step(funnel is null
            ? "Preparing the database: schema and skill catalogue"
            : $"Preparing the databases: schema and skill catalogue; a history of {context.Options.FunnelApplications:N0} applications");
        await Task.WhenAll(PrepareMain(context), funnel is null ? Task.CompletedTask : Task.Run(funnel.Prepare));
        Log.Step(funnel is not null ? "Loading the API: start-up, setup, commands, queries"
            : context.Options.ReadsOnly ? "Loading the API with queries only" : "Loading the API with commands only");
        var product = new ProductBenchmarks(context, baselines);
        await product.Run();
        // The sustained series takes about ninety seconds: quick mode leaves it to --feedback to keep its two minutes.
        if (context.Options.FeedbackOnly || (context.Options.Everything && context.Options.Mode != "quick"))
        {
            Log.Step("Sustained submissions: feedback latency and the queues, on a fresh challenge, on one with 10,000 earlier submissions and spread over six");
            await new FeedbackBenchmarks(context).Run(product.SubmissionPeak);
        }
        // About seven minutes in full mode: quick mode leaves it to --live.
        if (context.Options.Everything && context.Options.Mode != "quick") await Live(context);
        // Quick mode leaves it to --webhooks, like the subscriptions.
        if (context.Options.Everything && context.Options.Mode != "quick") await Webhooks(context);
        if (funnel is null) return;
        Log.Step("Rebuilding the timeline projection and answering funnels on the big history");
        await funnel.Run(baselines!);
    }

    private static Task Live(BenchContext context)
    {
        Log.Step("Subscriptions: 1,000 held open under the command load, on one node and across two");
        return new LiveBenchmarks(context).Run();
    }

    private static async Task Webhooks(BenchContext context)
    {
        Log.Step("Webhooks: the command path without endpoints, with 50 (one down) and without again; the deliveries");
        await using (var database = NpgsqlDataSource.Create(context.Databases.Main))
            // What earlier series left queued would be worked off first, behind the load.
            await QueueDepths.Discard(database, context.Cancellation);
        await new WebhookBenchmarks(context).Run();
    }

    /// <summary>
    /// Runs the benchmarks; whatever happens, no process the bench started survives it, and the databases go unless
    /// --keep. Returns the exit code.
    /// </summary>
    private static async Task<int> Guarded(BenchContext context, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Report.Fail("bench", "interrupted");
            return 130;
        }
        catch (BenchFailure e)
        {
            context.Report.Fail("bench", e.Message);
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            context.Report.Fail("bench", $"{e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            ChildProcesses.KillAll();
            if (!context.Options.Keep) await context.Databases.Drop(CancellationToken.None);
        }
    }

    private static async Task<Baselines> MeasureBaselines(BenchContext context)
    {
        await using var database = NpgsqlDataSource.Create(context.Databases.Main);
        var baselines = await new RawBaselines(database, context.Options, context.Cancellation).Run();
        const string name = "PostgreSQL baselines";
        context.Report.Add("PostgreSQL: 1 row per transaction, 8 connections", baselines.SingleRowInserts with { Label = null }, name);
        context.Report.Add("PostgreSQL: 100-row batches, 8 connections", baselines.BatchedInserts with { Label = null }, name);
        context.Report.Add($"PostgreSQL: binary COPY of {context.Options.CopyRows:N0} rows", baselines.Copy with { Label = null }, name);
        context.Report.Add("PostgreSQL: prepared point reads, 8 connections (the bench's own reader)", baselines.PointReads with { Label = null }, name);
        var pgbench = await PgBench.PointReads(context.Databases.Main, context.Options, context.Cancellation);
        context.Report.Add("PostgreSQL: pgbench -S -M prepared, 8 clients", pgbench, name);
        baselines = baselines with { PgBenchReads = pgbench };
        if (context.Options.ReadsOnly) return baselines;
        var (marten, martenCpu) = await new MartenBaseline(context.Databases.Main, context.Options, context.Cancellation).Run();
        await context.Databases.DropSchema(MartenBaseline.Schema, context.Cancellation);
        context.Report.Add("Marten alone: a new stream with one event per SaveChanges, 8 writers", marten, "Marten baseline",
            baselines.SingleRowInserts);
        context.Report.AddText("Marten alone: CPU per commit", martenCpu, "Marten baseline");
        return baselines with { BareMarten = marten };
    }

    /// <summary>The main database gets the product's schema and the skill catalogue that postings must name.</summary>
    private static async Task PrepareMain(BenchContext context)
    {
        await context.Launcher.RunVerbOrFail(context.Databases.Main, context.Cancellation, "db-apply");
        await context.Launcher.RunVerbOrFail(context.Databases.Main, context.Cancellation, "seed", "--skills-only");
    }

    private static async Task<string> DescribeEnvironment(Databases databases, BenchOptions options, CancellationToken cancellation)
    {
        await using var database = NpgsqlDataSource.Create(databases.Server);
        await using var command = database.CreateCommand("show server_version");
        var postgres = (string)(await command.ExecuteScalarAsync(cancellation))!;
        return $"cores: {Environment.ProcessorCount} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {options.Describe()} · " +
               $"PostgreSQL {postgres.Split(' ')[0]} · {RuntimeInformation.FrameworkDescription}";
    }

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        {
            // A funnel call that takes longer is reported as a failure, not waited for.
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static void WriteTable(Checkout checkout, BenchOptions options, string table)
    {
        Console.WriteLine();
        Console.WriteLine(table);
        Directory.CreateDirectory(checkout.ResultsDirectory);
        var path = Path.Combine(checkout.ResultsDirectory, $"{options.Mode}{(options.Only is { } only ? $"-{only}" : "")}-latest.md");
        File.WriteAllText(path, $"# Benchmark, {options.Mode} mode{Environment.NewLine}{Environment.NewLine}{table}");
        Console.WriteLine($"Written to {Path.GetRelativePath(checkout.Root, path)}");
    }
}
