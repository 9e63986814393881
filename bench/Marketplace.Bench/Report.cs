using System.Text;

namespace Marketplace.Bench;

/// <summary>What a figure is held to. Baseline-relative targets judge the ratio, the others the value itself.</summary>
public sealed record Target(string Text, Func<double, bool> IsMet, bool OnRatio)
{
    public static Target AtLeastOfBaseline(double fraction) => new($"≥ {fraction * 100:0} % of baseline", r => r >= fraction, OnRatio: true);
    public static Target AtMostTimesBaseline(double times) => new($"≤ {times:0.##}× baseline", r => r <= times, OnRatio: true);
    public static Target AtMost(double limit, string unit) => new($"≤ {limit:0.##} {unit}", v => v <= limit, OnRatio: false);
    public static Target Below(double limit, string unit) => new($"< {limit:0.##} {unit}", v => v < limit, OnRatio: false);
}

/// <summary>A measured value with its unit, also used as a baseline for other figures.</summary>
public sealed record Measure(double Value, string Unit, string? Label = null)
{
    public override string ToString()
    {
        var number = Unit switch
        {
            "ms" => Value.ToString("N1"),
            "s" => Value.ToString("N2"),
            _ => Value.ToString("N0"),
        };
        return Label is null ? $"{number} {Unit}" : $"{number} {Unit} ({Label})";
    }
}

/// <summary>The table: one row per figure, plus the failures that make a benchmark invalid.</summary>
public sealed class Report
{
    private const int MessagesKeptPerBenchmark = 3;

    private readonly List<string[]> rows = [];
    private readonly Dictionary<string, int> failureCounts = [];
    private readonly List<string> failureMessages = [];
    private readonly Lock gate = new();

    public bool HasFailures { get { lock (gate) return failureCounts.Count > 0; } }

    private int FailuresOf(string benchmark)
    {
        lock (gate) return failureCounts.GetValueOrDefault(benchmark);
    }

    /// <summary>Thread-safe: load clients report their failed requests here.</summary>
    public void Fail(string benchmark, string message)
    {
        lock (gate)
        {
            var count = failureCounts.GetValueOrDefault(benchmark) + 1;
            failureCounts[benchmark] = count;
            // Indented continuation lines keep a process's output inside its markdown list item.
            if (count <= MessagesKeptPerBenchmark) failureMessages.Add($"{benchmark}: {message.ReplaceLineEndings(Environment.NewLine + "  ")}");
        }
    }

    /// <summary>A figure; <paramref name="benchmark"/> names the run whose failures make it invalid.</summary>
    public void Add(string figure, Measure value, string benchmark, Measure? baseline = null, Target? target = null)
    {
        var ratio = baseline is null ? (double?)null : value.Value / baseline.Value;
        var met = target is null ? "—" : target.IsMet(target.OnRatio ? ratio ?? double.NaN : value.Value) ? "yes" : "**no**";
        AddRow(figure, value.ToString(), baseline?.ToString() ?? "—", ratio is { } r ? $"{r * 100:0.#} %" : "—",
            target?.Text ?? "—", Validity(benchmark) ?? met);
    }

    /// <summary>A figure shown as text (several values in one cell), judged by the caller.</summary>
    public void AddText(string figure, string value, string benchmark, string target = "—", bool? met = null) =>
        AddRow(figure, value, "—", "—", target, Validity(benchmark) ?? (met is null ? "—" : met.Value ? "yes" : "**no**"));

    private string? Validity(string benchmark) =>
        FailuresOf(benchmark) is var count and > 0 ? $"**invalid** ({count} failures)" : null;

    private void AddRow(params string[] cells)
    {
        lock (gate) rows.Add(cells);
    }

    public string Render(string environment)
    {
        var text = new StringBuilder();
        text.AppendLine(environment).AppendLine();
        text.AppendLine("| figure | value | baseline | ratio | target | met |");
        text.AppendLine("|---|---|---|---|---|---|");
        lock (gate)
        {
            foreach (var row in rows) text.AppendLine($"| {string.Join(" | ", row)} |");
            if (failureCounts.Count > 0)
            {
                text.AppendLine().AppendLine("Benchmark failures (the figures marked invalid do not count):");
                foreach (var (benchmark, count) in failureCounts) text.AppendLine($"- {benchmark}: {count}");
                text.AppendLine().AppendLine("First messages:");
                foreach (var message in failureMessages) text.AppendLine($"- {message}");
            }
        }
        return text.ToString();
    }
}
