using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>Progress lines with the time since the run began, so a slow phase shows where the minutes went.</summary>
public static class Log
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static void Step(string text) => Console.WriteLine($"==> [{Elapsed()}] {text}");

    public static void Detail(string text) => Console.WriteLine($"    [{Elapsed()}] {text}");

    private static string Elapsed() => $"{Stopwatch.GetElapsedTime(Started).TotalSeconds,5:0.0} s";
}
