using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Marketplace.Bench;

/// <summary>The last lines a child process wrote, to show when it fails.</summary>
public sealed class ProcessOutput
{
    private const int Kept = 40;
    private readonly ConcurrentQueue<string> lines = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lines.Enqueue(line);
        while (lines.Count > Kept) lines.TryDequeue(out _);
    }

    public string Tail() => string.Join(Environment.NewLine, lines);
}

/// <summary>
/// Every process the bench starts, so that an exception, Ctrl-C or SIGTERM never leaves an API server behind.
/// </summary>
public static class ChildProcesses
{
    private const int SigTerm = 15;
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    public static (Process Process, ProcessOutput Output) Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var output = new ProcessOutput();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>SIGTERM first, so the host shuts down as in production; killed when it takes too long.</summary>
    public static async Task Stop(Process process, TimeSpan grace)
    {
        if (!process.HasExited) _ = Kill(process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Did not stop in time: Release kills it.
        }
        Release(process);
    }

    /// <summary>Kills the process if it still runs and forgets it.</summary>
    public static void Release(Process process)
    {
        KillNow(process);
        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    public static void KillAll()
    {
        foreach (var process in Running.Values) KillNow(process);
    }

    private static void KillNow(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>
    /// Starts the process in a session of its own, which is a scheduling group of its own (autogroup), with the group and
    /// the process at <paramref name="nice"/>: nice alone would yield only to the threads of the bench's group (the
    /// API's), and take the cores whenever those wait on PostgreSQL, whose backends are a group of their own. setsid, sh
    /// and nice each execute the next in their own place, so the process id stays the program's.
    /// </summary>
    public static void InBackground(ProcessStartInfo info, int nice)
    {
        foreach (var argument in ((string[])[info.FileName, $"echo {nice} > /proc/self/autogroup; exec nice -n {nice} \"$0\" \"$@\"", "-c", "sh"]))
            info.ArgumentList.Insert(0, argument);
        info.FileName = "setsid";
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
