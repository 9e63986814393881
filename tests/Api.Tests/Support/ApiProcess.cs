using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Shouldly;

namespace Marketplace.Api.Tests.Support;

/// <summary>The built API as its own process, for what only a real process shows: verbs, start-up, a real socket.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process _process;

    private readonly string _server;

    /// <summary>The last lines the current process wrote (stdout and stderr), for the message when it dies starting.</summary>
    private readonly Queue<string> _lastLines = new();
    private const int LinesKept = 80;

    /// <summary>False for the other nodes of a cluster: the first node drops the database they share.</summary>
    private bool _ownsDatabase = true;

    /// <summary>The application name on the process's connections, so the database shows which node holds what.</summary>
    public string? Name { get; private init; }

    private ApiProcess(Process process, string url, string database, IReadOnlyDictionary<string, string> environment, string server)
    {
        _server = server;
        _process = process;
        Url = url;
        Database = database;
        _environment = environment;
    }

    /// <summary>The process's own database.</summary>
    public string Database { get; }

    public string ConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(_server) { Database = Database }.ConnectionString;

    public string Url { get; }

    /// <summary>The current process's id (a restart changes it).</summary>
    public int ProcessId => _process.Id;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test binaries.");
        }
    }

    /// <summary>The API's own output folder, built in the same configuration as these tests.</summary>
    public static string ApiDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot, "src", "Api", "bin", configuration, "net10.0", "Marketplace.Api.dll");
        }
    }

    public static ProcessStartInfo StartInfo(string environment, string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(ApiDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["ConnectionStrings__Marketplace"] = AppFixture.ConnectionString;
        info.Environment.Remove("Auth__SigningKey");
        return info;
    }

    /// <summary>Runs a verb to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunVerb(string environment, string? workingDirectory, params string[] args) =>
        RunToEnd(StartInfo(environment, workingDirectory, args), TimeSpan.FromSeconds(60));

    /// <summary>Runs a verb to completion, on the suite's database, with these settings; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunVerbWith(string environment, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var info = StartInfo(environment, null, args);
        foreach (var (key, value) in settings) info.Environment[key] = value;
        return RunToEnd(info, TimeSpan.FromSeconds(60));
    }

    private static async Task<(int ExitCode, string Output)> RunToEnd(ProcessStartInfo info, TimeSpan limit)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Starts the API on a database of its own: a second process on the suite's database would run a second projection
    /// daemon and a second Wolverine node there, and take work away from the test host.
    /// </summary>
    /// <param name="server">Another PostgreSQL server's connection string; the suite's server when null.</param>
    public static async Task<ApiProcess> Start(IReadOnlyDictionary<string, string>? environment = null, string? server = null) =>
        await (await OnNewDatabase(environment, server)).Launched();

    /// <summary>
    /// Starts the API on a new database of its own and sends it nothing, not even the readiness probe: for what a node
    /// does at start by itself. Its database is its own and goes with it.
    /// </summary>
    public static async Task<ApiProcess> StartUnprobed(IReadOnlyDictionary<string, string>? environment = null) =>
        await (await OnNewDatabase(environment, null)).Launched(probed: false);

    /// <summary>Starts the API on a database of its own that also has the skill catalogue, for tests that draft postings.</summary>
    public static Task<ApiProcess> StartWithSkills(IReadOnlyDictionary<string, string>? environment = null, string? server = null) =>
        StartAfter(["seed", "--skills-only"], environment, server);

    /// <summary>
    /// Starts the API on a database of its own after a verb has prepared it (the schema and what the verb loads). The
    /// verb runs before the server does, so only one process touches the new database at a time, and the server
    /// starts once.
    /// </summary>
    public static async Task<ApiProcess> StartAfter(string[] verb, IReadOnlyDictionary<string, string>? environment = null, string? server = null)
    {
        var api = await OnNewDatabase(environment, server);
        var (code, output) = await api.RunVerb(verb);
        if (code != 0) throw new InvalidOperationException($"{string.Join(' ', verb)} failed: {output}");
        return await api.Launched();
    }

    /// <summary>A new, empty database and a free port for a process not started yet.</summary>
    private static async Task<ApiProcess> OnNewDatabase(IReadOnlyDictionary<string, string>? environment, string? server)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var database = "marketplace_proc_" + Guid.NewGuid().ToString("N")[..8];
        server ??= AppFixture.ConnectionString;
        await Admin(server, $"create database {database}");
        return new ApiProcess(null!, url, database, environment ?? new Dictionary<string, string>(), server);
    }

    private async Task<ApiProcess> Launched(bool probed = true)
    {
        _process = Launch();
        if (probed) await WaitUntilReady();
        return this;
    }

    /// <summary>
    /// Several API processes on one new database that has the skill catalogue: a cluster of nodes named node-1, node-2, …
    /// The first owns the database and drops it when disposed.
    /// </summary>
    public static Task<List<ApiProcess>> StartCluster(int size, IReadOnlyDictionary<string, string>? environment = null) =>
        StartCluster(Enumerable.Repeat(environment ?? new Dictionary<string, string>(), size).ToArray());

    /// <summary>The same, a node for each environment given, in order (nodes with different roles, say).</summary>
    public static async Task<List<ApiProcess>> StartCluster(params IReadOnlyDictionary<string, string>[] environments)
    {
        var server = AppFixture.ConnectionString;
        var database = "marketplace_proc_" + Guid.NewGuid().ToString("N")[..8];
        await Admin(server, $"create database {database}");
        var size = environments.Length;
        var nodes = environments.Select((environment, i) => new ApiProcess(null!, $"http://127.0.0.1:{FreePort()}", database,
            environment, server) { Name = $"node-{i + 1}", _ownsDatabase = i == 0 }).ToList();
        // The verb applies the schema and loads the skills before any node runs.
        var (code, output) = await nodes[0].RunVerb("seed", "--skills-only");
        if (code != 0) throw new InvalidOperationException($"seed --skills-only failed: {output}");
        foreach (var node in nodes) node._process = node.Launch();
        // Several processes starting at once on a small machine share its cores: give them longer.
        await Task.WhenAll(nodes.Select(n => n.WaitUntilReady(30 * size)));
        return nodes;
    }

    /// <summary>Runs a verb against this process's database (the server should not be running on it).</summary>
    public Task<(int ExitCode, string Output)> RunVerb(params string[] args)
    {
        var info = StartInfo("Development", null, args);
        info.Environment["ConnectionStrings__Marketplace"] = ConnectionString;
        return RunToEnd(info, TimeSpan.FromSeconds(120));
    }

    /// <summary>Kills the process outright (SIGKILL: no shutdown, no flushing), as a crash or an OOM kill would.</summary>
    public async Task Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the API again on the same database and address.</summary>
    public async Task Restart()
    {
        await Kill();
        _process.Dispose();
        _process = Launch();
        await WaitUntilReady();
    }

    private Process Launch()
    {
        var info = StartInfo("Development", null, "--urls", Url);
        info.Environment["ConnectionStrings__Marketplace"] = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = Name }.ConnectionString;
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        lock (_lastLines) _lastLines.Clear();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > LinesKept) _lastLines.Dequeue();
        }
    }

    /// <summary>POSTs a GraphQL request to this node and returns its data; an answer with errors fails the test.</summary>
    public async Task<JsonElement> Data(HttpClient http, string? token, string query, object? variables = null)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Url}/graphql")
        {
            Content = JsonContent.Create(new { query, variables }),
            Headers = { Authorization = token is null ? null : new("Bearer", token) },
        });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        json.TryGetProperty("errors", out _).ShouldBeFalse(json.ToString());
        return json.GetProperty("data");
    }

    public string LastLines()
    {
        lock (_lastLines) return _lastLines.Count == 0 ? "" : $" Its last {_lastLines.Count} lines:\n" + string.Join("\n", _lastLines);
    }

    private async Task WaitUntilReady(int seconds = 30)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // The output's last lines arrive asynchronously after the exit.
                _process.WaitForExit();
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode}.{LastLines()}");
            }
            try
            {
                if ((await http.GetAsync($"{Url}/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        var lastLines = LastLines();
        await DisposeAsync();
        throw new TimeoutException($"The API did not become ready within {seconds} s.{lastLines}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (!_ownsDatabase) return;
        try
        {
            await Admin(_server, $"drop database if exists {Database} with (force)");
        }
        catch (Npgsql.NpgsqlException) when (_server != AppFixture.ConnectionString)
        {
            // A temporary server goes with its databases.
        }
    }

    private static async Task Admin(string server, string sql)
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
