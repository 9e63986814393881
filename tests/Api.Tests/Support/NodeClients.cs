using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// The TypeScript client package (clients/typescript): its scripts run real third-party GraphQL clients with Node. Without
/// Node or without its npm packages the tests that use it fail and say what to install: ./test and CI install both.
/// </summary>
public static class NodeClients
{
    public static string Directory { get; } = Path.Combine(ApiProcess.RepositoryRoot, "clients", "typescript");

    /// <summary>The persisted-documents manifest the client preset writes (hash → text), for GraphQL__PersistedDocuments__0.</summary>
    public static string Manifest { get; } = Path.Combine(Directory, "src", "gql", "persisted-documents.json");

    private static readonly string[] Packages = ["typescript", "@graphql-codegen/cli", "graphql-sse", "graphql-ws", "ws", "@apollo/client", "standardwebhooks"];

    private static readonly Lazy<Task> Built = new(Build);

    /// <summary>Checks Node and the packages, and compiles the scripts into dist/ (once per run of the suite).</summary>
    public static Task Ready() => Built.Value;

    private static async Task Build()
    {
        var (code, version) = await Node(["--version"], TimeSpan.FromSeconds(30));
        if (code != 0) throw new InvalidOperationException($"`node --version` failed: {version}");
        var missing = Packages.Where(p => !System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", p))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The npm packages of clients/typescript are not installed ({string.Join(", ", missing)} missing): " +
                "run `npm ci` in clients/typescript (./test does).");
        var (built, output) = await Node([Path.Combine("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], TimeSpan.FromMinutes(2));
        if (built != 0) throw new InvalidOperationException($"tsc failed in clients/typescript: {output}");
    }

    /// <summary>Runs node in the package's folder to its end; its exit code and output (stdout and stderr).</summary>
    public static async Task<(int ExitCode, string Output)> Node(IEnumerable<string> args, TimeSpan limit)
    {
        var output = new StringBuilder();
        var code = await Run(args, limit, line => { lock (output) output.AppendLine(line); return Task.CompletedTask; }, line => { lock (output) output.AppendLine(line); });
        return (code, output.ToString());
    }

    /// <summary>
    /// Runs node in the package's folder; each line of its stdout goes to <paramref name="onLine"/> as it comes (awaited
    /// before the next is read), each line of stderr to <paramref name="onError"/>. Killed past the limit.
    /// </summary>
    public static async Task<int> Run(IEnumerable<string> args, TimeSpan limit, Func<string, Task> onLine, Action<string> onError)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Node.js is not installed (no `node` on PATH): the third-party client tests need Node 20 or later, " +
                $"as tests/audit does, and `npm ci` in clients/typescript, which ./test runs. ({e.Message})", e);
        }
        using (process)
        {
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onError(e.Data); };
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line) await onLine(line);
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {string.Join(' ', info.ArgumentList)} did not end within {limit}.");
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return process.ExitCode;
        }
    }
}
