using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using PmoFlow.Core.Events;

namespace PmoFlow.Core.Simulation;

/// <summary>The known parameters of a simulated delivery system (the oracle later tests compare against).</summary>
public sealed record SimulationParameters
{
    /// <summary>Seed of the random source: the same parameters and seed give the same data on every machine.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of teams; each is its own source of items (keys <c>T1-1</c>, <c>T2-1</c>, ...).</summary>
    public int Teams { get; init; } = 2;

    /// <summary>First simulated local date.</summary>
    public DateOnly Start { get; init; } = new(2025, 1, 1);

    /// <summary>Number of simulated calendar days.</summary>
    public int Days { get; init; } = 365;

    /// <summary>Mean new items per working day per team (Poisson).</summary>
    public double ArrivalsPerDay { get; init; } = 1.0;

    /// <summary>IANA time zone of the teams' working day.</summary>
    public string TimeZone { get; init; } = "Europe/London";

    /// <summary>Probability per working day that an item in an active stage becomes blocked.</summary>
    public double BlockProbability { get; init; } = 0.03;

    /// <summary>Probability that testing sends an item back to development (rework).</summary>
    public double ReworkProbability { get; init; } = 0.12;

    /// <summary>Probability that a started item is abandoned (cancelled) somewhere along the way.</summary>
    public double AbandonProbability { get; init; } = 0.05;

    /// <summary>Number of epics items are spread across.</summary>
    public int Epics { get; init; } = 8;

    /// <summary>
    /// Days nobody works (no arrivals, no progress) besides weekends. Null: the bank holidays of England and Wales
    /// (<see cref="SampleHolidays"/>) of the simulated years; empty: none.
    /// </summary>
    public IReadOnlyList<DateOnly>? Holidays { get; init; }

    /// <summary>The holidays in force: <see cref="Holidays"/>, else the sample's bank holidays of the simulated years.</summary>
    public IReadOnlyList<DateOnly> HolidaysInForce() =>
        Holidays ?? SampleHolidays.EnglandAndWales(Start.Year, Start.AddDays(Math.Max(0, Days - 1)).Year);
}

/// <summary>One stage of the simulated workflow.</summary>
/// <param name="Name">Status name as the tracker shows it.</param>
/// <param name="Category">backlog, active, wait, done or removed.</param>
/// <param name="WipLimit">WIP limit per team for active stages (0 = none).</param>
/// <param name="MeanServiceDays">Mean days of work in an active stage (log-normal).</param>
public sealed record SimulatedStage(string Name, string Category, int WipLimit, double MeanServiceDays);

/// <summary>What the simulator produced.</summary>
/// <param name="Items">The work items.</param>
/// <param name="Events">Their events, ordered by instant.</param>
/// <param name="Stages">The workflow the events follow.</param>
/// <param name="Parameters">The parameters used.</param>
public sealed record SimulationResult(
    IReadOnlyList<WorkItem> Items,
    IReadOnlyList<FlowEvent> Events,
    IReadOnlyList<SimulatedStage> Stages,
    SimulationParameters Parameters);

/// <summary>
/// A seeded day-by-day simulation of a delivery system: several teams, Poisson arrivals, stages with
/// queues and WIP limits, blocking, rework, abandonment, item types and epics. Pure: no clock, no I/O.
/// </summary>
public static class DeliverySimulator
{
    /// <summary>The simulated workflow, in order.</summary>
    public static IReadOnlyList<SimulatedStage> Workflow { get; } =
    [
        new("Backlog", "backlog", 0, 0),
        new("Analysis", "active", 3, 1.5),
        new("Ready for Dev", "wait", 0, 0),
        new("In Development", "active", 4, 3.0),
        new("In Review", "wait", 0, 0),
        new("Testing", "active", 2, 1.5),
        new("Awaiting Release", "wait", 0, 0),
        new("Done", "done", 0, 0),
        new("Cancelled", "removed", 0, 0),
    ];

    private static readonly string[] Types = ["Story", "Story", "Story", "Story", "Story", "Story", "Bug", "Bug", "Tech Debt", "Risk"];
    private static readonly string[] Verbs = ["Add", "Improve", "Fix", "Refactor", "Support", "Remove", "Migrate", "Document"];
    private static readonly string[] Things =
    [
        "invoice export", "login flow", "search results", "order history", "payment retries", "report filters",
        "user profile page", "audit log", "CSV upload", "notification settings", "dashboard widgets", "API rate limits",
        "\"quoted\" customer names", "<b>bold</b> markup in titles", "R&D cost centre", "naïve date handling",
    ];

    /// <summary>Runs the simulation.</summary>
    public static SimulationResult Run(SimulationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(parameters.Teams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parameters.Days, 1);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(parameters.TimeZone);
        var random = new Xoshiro256StarStar(parameters.Seed, threadSafe: false);
        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        var stages = Workflow;
        var cancelled = IndexOf("Cancelled");

        var holidays = parameters.HolidaysInForce().ToHashSet();
        for (var team = 1; team <= parameters.Teams; team++)
        {
            var source = "sample";
            var live = new List<SimItem>();
            var next = 1;
            for (var d = 0; d < parameters.Days; d++)
            {
                var date = parameters.Start.AddDays(d);
                var working = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date);
                if (!working)
                {
                    continue;
                }

                // Arrivals into the backlog.
                var arrivals = Poisson.Sample(random, parameters.ArrivalsPerDay);
                for (var a = 0; a < arrivals; a++)
                {
                    var key = $"T{team}-{next++}";
                    var created = At(zone, date, random);
                    var type = Types[random.Next(Types.Length)];
                    var title = $"{Verbs[random.Next(Verbs.Length)]} {Things[random.Next(Things.Length)]}";
                    var epic = $"EPIC-{1 + random.Next(parameters.Epics)}";
                    var value = type == "Story" ? 1 + random.Next(13) : (decimal?)null;
                    items.Add(new WorkItem(source, key, type, title, created, epic, value));
                    events.Add(new FlowEvent(source, key, "created", created, EventKind.Created, null, "Backlog"));
                    live.Add(new SimItem(key, created, random.NextDouble() < parameters.AbandonProbability));
                }

                // Work moves from the right of the board to the left, so capacity freed today is used today.
                for (var s = stages.Count - 1; s >= 0; s--)
                {
                    foreach (var item in live.Where(i => i.Stage == s && !i.Finished).OrderBy(i => i.EnteredOn).ThenBy(i => i.Key, StringComparer.Ordinal).ToList())
                    {
                        Step(item, date, zone, random, parameters, live, events, source, cancelled);
                    }
                }

                live.RemoveAll(i => i.Finished);
            }
        }

        events.Sort((x, y) => x.At.CompareTo(y.At) is var c && c != 0 ? c : string.CompareOrdinal(x.ItemKey + x.EventKey, y.ItemKey + y.EventKey));
        return new SimulationResult(items, events, stages, parameters);
    }

    private static void Step(
        SimItem item, DateOnly date, TimeZoneInfo zone, Xoshiro256StarStar random, SimulationParameters p,
        List<SimItem> live, List<FlowEvent> events, string source, int cancelled)
    {
        var stages = Workflow;
        var stage = stages[item.Stage];
        if (item.BlockedUntil is { } until)
        {
            if (date < until)
            {
                return;
            }

            Emit(events, source, item, At(zone, date, random), EventKind.Unblocked, null, null);
            item.BlockedUntil = null;
        }

        switch (stage.Category)
        {
            case "backlog" or "wait":
                {
                    // Pull into the next active stage when it has capacity.
                    var target = item.Stage + 1;
                    var limit = stages[target].WipLimit;
                    if (limit > 0 && live.Count(i => i.Stage == target && !i.Finished) >= limit)
                    {
                        return;
                    }

                    if (stage.Category == "backlog" && random.NextDouble() > 0.5)
                    {
                        return; // not every free slot is filled the same day
                    }

                    Move(item, target, date, zone, random, events, source, p);
                    break;
                }

            case "active":
                {
                    if (random.NextDouble() < p.BlockProbability)
                    {
                        item.BlockedUntil = date.AddDays(1 + random.Next(5));
                        Emit(events, source, item, At(zone, date, random), EventKind.Blocked, null, null);
                        return;
                    }

                    item.WorkLeft -= 1;
                    if (item.WorkLeft > 0)
                    {
                        return;
                    }

                    if (item.Abandons && random.NextDouble() < 0.4)
                    {
                        Move(item, cancelled, date, zone, random, events, source, p);
                        item.Finished = true;
                        return;
                    }

                    if (stage.Name == "Testing" && random.NextDouble() < p.ReworkProbability)
                    {
                        Move(item, item.Stage - 2, date, zone, random, events, source, p);
                        return;
                    }

                    Move(item, item.Stage + 1, date, zone, random, events, source, p);
                    break;
                }

            default:
                break;
        }
    }

    private static void Move(
        SimItem item, int target, DateOnly date, TimeZoneInfo zone, Xoshiro256StarStar random,
        List<FlowEvent> events, string source, SimulationParameters p)
    {
        var stages = Workflow;
        var at = At(zone, date, random);
        if (at <= item.LastAt)
        {
            at = item.LastAt.AddMinutes(1);
        }

        Emit(events, source, item, at, EventKind.Status, stages[item.Stage].Name, stages[target].Name);
        item.Stage = target;
        item.EnteredOn = date;
        item.LastAt = at;
        var mean = stages[target].MeanServiceDays;
        if (mean > 0)
        {
            // Log-normal service time with the given mean and a coefficient of variation of about 0.8.
            const double sigma = 0.7;
            var mu = Math.Log(mean) - (sigma * sigma / 2);
            item.WorkLeft = Math.Max(1, (int)Math.Round(LogNormal.Sample(random, mu, sigma)));
        }

        if (stages[target].Category is "done" or "removed")
        {
            item.Finished = true;
        }

        _ = p;
    }

    private static void Emit(List<FlowEvent> events, string source, SimItem item, DateTimeOffset at, EventKind kind, string? from, string? to)
    {
        item.Sequence++;
        events.Add(new FlowEvent(source, item.Key, $"e{item.Sequence}", at, kind, from, to));
        if (at > item.LastAt)
        {
            item.LastAt = at;
        }
    }

    // A working-hours instant (09:00-17:59 local) on the date.
    private static DateTimeOffset At(TimeZoneInfo zone, DateOnly date, Xoshiro256StarStar random)
    {
        var local = date.ToDateTime(new TimeOnly(9, 0)).AddMinutes(random.Next(9 * 60));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < Workflow.Count; i++)
        {
            if (Workflow[i].Name == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException(name);
    }

    private sealed class SimItem(string key, DateTimeOffset created, bool abandons)
    {
        public string Key { get; } = key;
        public bool Abandons { get; } = abandons;
        public int Stage { get; set; }
        public DateOnly EnteredOn { get; set; } = DateOnly.FromDateTime(created.UtcDateTime);
        public DateTimeOffset LastAt { get; set; } = created;
        public int WorkLeft { get; set; }
        public DateOnly? BlockedUntil { get; set; }
        public bool Finished { get; set; }
        public int Sequence { get; set; }
    }
}
