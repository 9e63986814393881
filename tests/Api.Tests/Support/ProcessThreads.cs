namespace Marketplace.Api.Tests.Support;

/// <summary>This process's threads as Linux reports them in /proc/self/task: by name, and each one's nice value.</summary>
public static class ProcessThreads
{
    /// <summary>The /proc/self/task directories of the threads whose name (at most 15 characters) starts so.</summary>
    public static List<string> Named(string prefix) => Named(prefix, "self");

    /// <summary>The same for another process.</summary>
    public static List<string> Named(string prefix, int processId) => Named(prefix, processId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static List<string> Named(string prefix, string process) =>
        Directory.GetDirectories($"/proc/{process}/task").Where(task => Comm(task).StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Field 19 of a thread's stat; the command name in parentheses may hold spaces, so fields are counted after it.</summary>
    public static int Nice(string task)
    {
        var stat = File.ReadAllText(Path.Combine(task, "stat"));
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }

    private static string Comm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim();
        }
        catch (IOException)
        {
            return ""; // the thread ended meanwhile
        }
    }
}
