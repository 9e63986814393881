namespace Marketplace.Bench;

/// <summary>
/// How long and how big: quick fits in two minutes on a small machine, full is for a quiet one. Quick loads a smaller
/// funnel history than full because the timeline rebuild runs at a few thousand events per second on two cores: 100,000
/// applications (about 300,000 events) alone took 75–95 s of the two minutes.
/// </summary>
public sealed record BenchOptions(
    string Mode,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int CopyRows,
    int FunnelApplications,
    int FunnelCalls,
    int InitialCandidates,
    TimeSpan FeedbackLoad,
    int CopyCheckProbes,
    bool Keep,
    bool CommandsOnly = false,
    bool FeedbackOnly = false,
    bool LiveOnly = false,
    bool BoardOnly = false,
    bool WebhooksOnly = false,
    bool ReadsOnly = false,
    bool FunnelOnly = false,
    bool LeaderboardOnly = false,
    bool TalentOnly = false)
{
    public const string Usage =
        "usage: Marketplace.Bench [--quick | --full] [--commands | --reads | --feedback | --live | --board | --leaderboard | --talent | --webhooks | --funnel=APPLICATIONS] [--keep]";

    // Sixteen timed windows: at 5 s each, quick mode took 121-125 s with the funnel's figures of round 9, over its two
    // minutes; at 4 s it has room again.
    private static readonly BenchOptions Quick = new("quick", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(0.5),
        CopyRows: 200_000, FunnelApplications: 20_000, FunnelCalls: 10, InitialCandidates: 100,
        FeedbackLoad: TimeSpan.FromSeconds(15), CopyCheckProbes: 5, Keep: false);

    private static readonly BenchOptions Full = new("full", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(3),
        CopyRows: 1_000_000, FunnelApplications: 1_000_000, FunnelCalls: 20, InitialCandidates: 400,
        FeedbackLoad: TimeSpan.FromSeconds(60), CopyCheckProbes: 10, Keep: false);

    public static BenchOptions? Parse(string[] args)
    {
        var (mode, keep, commandsOnly, feedbackOnly, liveOnly, boardOnly, webhooksOnly, readsOnly) = (Quick, false, false, false, false, false, false, false);
        var (leaderboardOnly, talentOnly) = (false, false);
        int? funnel = null;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--quick": mode = Quick; break;
                case "--full": mode = Full; break;
                case "--keep": keep = true; break;
                case "--commands": commandsOnly = true; break;
                case "--feedback": feedbackOnly = true; break;
                case "--live": liveOnly = true; break;
                case "--board": boardOnly = true; break;
                case "--leaderboard": leaderboardOnly = true; break;
                case "--talent": talentOnly = true; break;
                case "--webhooks": webhooksOnly = true; break;
                case "--reads": readsOnly = true; break;
                case var size when size.StartsWith("--funnel=") && int.TryParse(size["--funnel=".Length..], out var applications) && applications > 0:
                    funnel = applications;
                    break;
                default: return null;
            }
        }
        return new[] { commandsOnly, feedbackOnly, liveOnly, boardOnly, leaderboardOnly, talentOnly, webhooksOnly, readsOnly, funnel is not null }.Count(only => only) > 1
            ? null
            : mode with
            {
                Keep = keep, CommandsOnly = commandsOnly, FeedbackOnly = feedbackOnly, LiveOnly = liveOnly, BoardOnly = boardOnly,
                WebhooksOnly = webhooksOnly, ReadsOnly = readsOnly, FunnelOnly = funnel is not null, LeaderboardOnly = leaderboardOnly,
                TalentOnly = talentOnly,
                FunnelApplications = funnel ?? mode.FunnelApplications,
            };
    }

    /// <summary>None of --commands, --reads, --feedback, --live, --board, --leaderboard, --talent, --webhooks or --funnel: every series but the boards'.</summary>
    public bool Everything => !CommandsOnly && !FeedbackOnly && !LiveOnly && !BoardOnly && !LeaderboardOnly && !TalentOnly && !WebhooksOnly && !ReadsOnly && !FunnelOnly;

    /// <summary>The part a run was limited to, if any: it names the table's file (quick-live-latest.md).</summary>
    public string? Only =>
        CommandsOnly ? "commands" : ReadsOnly ? "reads" : FeedbackOnly ? "feedback" : LiveOnly ? "live" : BoardOnly ? "board" : LeaderboardOnly ? "leaderboard" : TalentOnly ? "talent"
        : WebhooksOnly ? "webhooks" : FunnelOnly ? $"funnel-{FunnelApplications}" : null;

    public string Describe() =>
        $"mode: {Mode}{(Only is { } only ? $", {only} only" : "")} (D = {Duration.TotalSeconds:0} s after a {WarmUp.TotalSeconds:0.#} s warm-up, COPY {CopyRows:N0} rows, " +
        $"funnel history {FunnelApplications:N0} applications, sustained submissions {FeedbackLoad.TotalSeconds:0} s)";
}
