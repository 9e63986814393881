namespace Marketplace.Bench;

public enum Ending : byte { None, Accepted, Declined, Rejected, Withdrawn }

/// <summary>
/// One generated application: when it entered each stage it reached (ticks, UTC; 0 = never) and how it ended.
/// A struct in one big array: the full mode holds a million of them.
/// </summary>
public struct SyntheticApplication
{
    public Guid Id;
    public Guid CandidateId;
    public int Posting;
    public long Submitted;
    public long Screening;
    public long Interview;
    public long Offer;
    public long Ended;
    public Ending Ending;
    public byte Reason;

    /// <summary>Applied, Screening, Interview, Offer: how many of them it entered.</summary>
    public readonly int StagesEntered => Offer > 0 ? 4 : Interview > 0 ? 3 : Screening > 0 ? 2 : 1;

    public readonly int EventCount => StagesEntered + (Ending == Ending.None ? 0 : 1);

    public readonly SyntheticApplication Entering(int stage, long at) => stage switch
    {
        1 => this with { Screening = at },
        2 => this with { Interview = at },
        _ => this with { Offer = at },
    };

    public readonly long LastEventAt => Ended > 0 ? Ended : Offer > 0 ? Offer : Interview > 0 ? Interview : Screening > 0 ? Screening : Submitted;
}

public readonly record struct SyntheticPosting(Guid Id, Guid CompanyId, string SkillsJson);

/// <summary>One event of one application; <see cref="Step"/> 0–3 enters a stage, 4 ends the application.</summary>
public readonly record struct EventRef(int Application, byte Step);

/// <summary>
/// Two years of hiring at 50 companies with 40 postings each, deterministic for a seed: 60 % of applications reach
/// screening, 30 % interview, 10 % an offer, 80 % of offers are accepted; the others are rejected or withdrawn at
/// their last stage. Whatever would happen after now has not happened yet, so recent applications are still active.
/// </summary>
public sealed class SyntheticHistory
{
    public const int Seed = 20_261_127;
    public const int EndingStep = 4;
    private const int Companies = 50;
    private const int PostingsPerCompany = 40;
    private static readonly TimeSpan Span = TimeSpan.FromDays(730);

    /// <summary>From the catalogue in src/Api/Seed/skills.json.</summary>
    private static readonly string[] SkillSlugs =
    [
        "microservices", "kubernetes", "event-sourcing", "distributed-systems", "postgresql", "domain-driven-design", "observability",
        "api-design", "cloud-security", "data-engineering", "react", "system-design", "go", "rust",
    ];

    /// <summary>How long an application waits before it enters Screening, Interview, Offer.</summary>
    private static readonly (int MinDays, int MaxDays)[] DaysToEnter = [(1, 10), (3, 14), (5, 20)];

    public static readonly string[] RejectionReasons =
        ["SkillsMismatch", "ExperienceLevel", "SalaryExpectations", "Location", "NotResponsive", "Other"];

    private SyntheticHistory(DateTimeOffset now, SyntheticPosting[] postings, SyntheticApplication[] applications)
    {
        Now = now;
        Postings = postings;
        Applications = applications;
        Events = InTimeOrder(applications);
    }

    public DateTimeOffset Now { get; }
    public DateTimeOffset Start => Now - Span;
    public DateTimeOffset Middle => Start + Span / 2;
    public SyntheticPosting[] Postings { get; }
    public SyntheticApplication[] Applications { get; }

    /// <summary>Every event, in the order they happened: the order they get their sequence numbers in.</summary>
    public EventRef[] Events { get; }

    public int SubmittedBefore(DateTimeOffset moment) => Applications.Count(a => a.Submitted < moment.UtcTicks);

    public static SyntheticHistory Generate(int applications, DateTimeOffset now)
    {
        var random = new Random(Seed);
        var postings = GeneratePostings(random);
        var history = new SyntheticApplication[applications];
        for (var i = 0; i < history.Length; i++) history[i] = GenerateApplication(random, postings.Length, now);
        return new SyntheticHistory(now, postings, history);
    }

    public static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static SyntheticPosting[] GeneratePostings(Random random)
    {
        var postings = new List<SyntheticPosting>(Companies * PostingsPerCompany);
        for (var c = 0; c < Companies; c++)
        {
            var company = NextGuid(random);
            for (var p = 0; p < PostingsPerCompany; p++)
            {
                var skills = SkillSlugs.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(s => $"\"{s}\"");
                postings.Add(new SyntheticPosting(NextGuid(random), company, $"[{string.Join(", ", skills)}]"));
            }
        }
        return [.. postings];
    }

    private static SyntheticApplication GenerateApplication(Random random, int postings, DateTimeOffset now)
    {
        var application = new SyntheticApplication
        {
            Id = NextGuid(random),
            CandidateId = NextGuid(random),
            Posting = random.Next(postings),
            Submitted = (now - Span).UtcTicks + (long)(random.NextDouble() * (Span - TimeSpan.FromDays(1)).Ticks),
        };
        var furthest = random.NextDouble() switch { < 0.4 => 0, < 0.7 => 1, < 0.9 => 2, _ => 3 };
        var at = application.Submitted;
        for (var stage = 1; stage <= furthest; stage++)
        {
            var (minDays, maxDays) = DaysToEnter[stage - 1];
            at = Later(random, at, minDays, maxDays);
            if (at > now.UtcTicks) return application;
            application = application.Entering(stage, at);
        }
        return End(random, application, at, now.UtcTicks, offered: furthest == 3);
    }

    private static SyntheticApplication End(Random random, SyntheticApplication application, long at, long limit, bool offered)
    {
        var ending = offered
            ? random.NextDouble() < 0.8 ? Ending.Accepted : Ending.Declined
            : random.NextDouble() < 0.75 ? Ending.Rejected : Ending.Withdrawn;
        var ended = Later(random, at, 1, offered ? 7 : 14);
        if (ended > limit) return application;
        application.Ending = ending;
        application.Ended = ended;
        application.Reason = (byte)random.Next(RejectionReasons.Length);
        return application;
    }

    private static long Later(Random random, long ticks, int minDays, int maxDays) =>
        ticks + TimeSpan.FromDays(minDays + random.NextDouble() * (maxDays - minDays)).Ticks;

    private static EventRef[] InTimeOrder(SyntheticApplication[] applications)
    {
        var count = applications.Sum(a => (long)a.EventCount);
        var times = new long[count];
        var events = new EventRef[count];
        var next = 0;
        for (var i = 0; i < applications.Length; i++)
        {
            for (byte step = 0; step <= EndingStep; step++)
            {
                // A step that has not happened has no time.
                if (StageTime(applications[i], step) is var at and > 0)
                {
                    times[next] = at;
                    events[next++] = new EventRef(i, step);
                }
            }
        }
        Array.Sort(times, events);
        return events;
    }

    public static long StageTime(in SyntheticApplication application, int step) => step switch
    {
        0 => application.Submitted,
        1 => application.Screening,
        2 => application.Interview,
        3 => application.Offer,
        _ => application.Ended,
    };
}
