using System.Text.RegularExpressions;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

/// <summary>
/// The shape of src/Api (docs/adr/0022): feature folders that depend on one another one way only, infrastructure that
/// names no feature, and one composition folder that knows them all. Read from the sources, as a reviewer would: the
/// `using Marketplace.Api.*` lines and qualified names (`Marketplace.Api.Postings.X`, or `Postings.X` from inside).
/// </summary>
public partial class api_layout
{
    private static readonly string Root = Path.Combine(ApiProcess.RepositoryRoot, "src", "Api");

    [Fact]
    public void no_folder_depends_on_itself_through_others()
    {
        var graph = Dependencies();
        var cycles = Cycles(graph);
        cycles.ShouldBeEmpty(string.Join(Environment.NewLine, graph.Select(g => $"{g.Key} -> {string.Join(", ", g.Value.Order())}")));
    }

    [Fact]
    public void infrastructure_names_no_feature_and_no_composition()
    {
        var wrong = Dependencies().Where(g => g.Key.StartsWith("Infrastructure/"))
            .SelectMany(g => g.Value.Where(to => !to.StartsWith("Infrastructure/")).Select(to => $"{g.Key} -> {to}"));
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void features_do_not_reach_into_composition()
    {
        Dependencies().Where(g => g.Key != "Composition" && g.Key != "(root)" && g.Value.Contains("Composition")).Select(g => g.Key)
            .ShouldBeEmpty();
    }

    /// <summary>Folder → the folders its code names. A feature is a top-level folder with its subfolders; each Infrastructure/X is one.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var files = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Regex.IsMatch(f, @"[\\/](bin|obj|Generated)[\\/]")).Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
        var namespaces = files.Select(f => NamespaceOf(f.Text)).OfType<string>().ToHashSet();
        var tops = namespaces.Select(n => n.Split('.')).Where(p => p.Length > 2).Select(p => p[2]).ToHashSet();
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var (_, text) in files)
        {
            var from = Unit(NamespaceOf(text));
            var referenced = QualifiedName().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
            // Inside Marketplace.Api a name can be qualified from its folder on: `Analytics.FunnelIndex`.
            var body = StringLiteral().Replace(UsingLine().Replace(text, ""), "\"\"");
            foreach (var top in tops)
                foreach (Match m in Regex.Matches(body, $@"(?<![\w.]){top}\.([A-Z]\w*)"))
                    referenced.Add($"{top}.{m.Groups[1].Value}");
            foreach (var name in referenced)
            {
                var full = "Marketplace.Api." + name;
                var owner = namespaces.Where(n => full == n || full.StartsWith(n + ".")).MaxBy(n => n.Length);
                if (owner is null || Unit(owner) == from) continue;
                (graph.TryGetValue(from, out var to) ? to : graph[from] = []).Add(Unit(owner));
            }
        }
        return graph;
    }

    private static string? NamespaceOf(string text) => Namespace().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Unit(string? ns)
    {
        var parts = (ns ?? "Marketplace.Api").Split('.')[2..];
        if (parts.Length == 0) return "(root)";
        return parts[0] == "Infrastructure" ? "Infrastructure/" + (parts.Length > 1 ? parts[1] : "") : parts[0];
    }

    /// <summary>Each set of folders that reach one another (Tarjan's strongly connected components of two or more).</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<string>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do component.Add(popped = stack.Pop()); while (popped != v);
            if (component.Count > 1) cycles.Add(string.Join(" ↔ ", component.Order()));
        }
        foreach (var v in graph.Keys.Order()) if (!index.ContainsKey(v)) Visit(v);
        return cycles;
    }

    [GeneratedRegex(@"^namespace (Marketplace\.Api[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bMarketplace\.Api\.([\w.]+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^using .*$", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();
}
