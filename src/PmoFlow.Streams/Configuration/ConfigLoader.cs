using PmoFlow.Core.Limits;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Csv;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Configuration;

/// <summary>
/// Reads and validates <c>pmoflow.yaml</c>. Every error names the file, the line and the key.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The source kinds PmoFlow can ingest from.</summary>
    public static IReadOnlyList<string> SourceKinds { get; } = ["csv", "jira", "azure-devops", "github", "gitlab", "github-project"];

    private static readonly Dictionary<string, StageCategory> Categories = new()
    {
        ["backlog"] = StageCategory.Backlog,
        ["active"] = StageCategory.Active,
        ["wait"] = StageCategory.Wait,
        ["done"] = StageCategory.Done,
        ["removed"] = StageCategory.Removed,
    };

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new()
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    /// <summary>Reads a configuration file.</summary>
    public static PmoFlowConfig Load(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new ConfigException($"{path}: configuration file not found. Run `pmoflow init` to write a starter file, or pass --config.");
        }

        return Parse(YamlNodeReader.ReadFile(path, InputLimits.Default.Yaml), path);
    }

    /// <summary>Parses configuration text; <paramref name="file"/> names it in errors and anchors relative paths.</summary>
    public static PmoFlowConfig Parse(string yaml, string file)
    {
        // The file itself is read under the default limits (its own limits: section applies to what it points at).
        var root = YamlNodeReader.Document(yaml, file, InputLimits.Default.Yaml);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        var database = root.OptionalString("database");
        var streamNodes = root.MappingList("streams");
        var sourceNodes = root.MappingList("sources");
        var limits = LimitsReader.Read(root.OptionalMapping("limits"));
        root.Accept("version");
        root.RejectUnknownKeys();

        var sources = new List<SourceConfig>();
        foreach (var node in sourceNodes)
        {
            var source = ReadSource(node, baseDir);
            if (sources.Any(s => string.Equals(s.Name, source.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw node.Error("name", $"source '{source.Name}' is defined twice");
            }

            sources.Add(source);
        }

        var streams = new List<StreamConfig>();
        foreach (var node in streamNodes)
        {
            var s = ReadStream(node, sources);
            if (streams.Any(x => string.Equals(x.Definition.Name, s.Definition.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw node.Error("name", $"stream '{s.Definition.Name}' is defined twice");
            }

            streams.Add(s);
        }

        if (streams.Count == 0)
        {
            throw root.Error("streams", "at least one stream is required");
        }

        return new PmoFlowConfig(file, database, streams, sources) { Limits = limits };
    }

    private static SourceConfig ReadSource(YamlNodeReader node, string baseDir)
    {
        var name = node.RequiredString("name");
        var kind = node.RequiredString("kind").ToLowerInvariant();
        if (!SourceKinds.Contains(kind))
        {
            throw node.Error("kind", $"'{kind}' is not one of {string.Join(", ", SourceKinds)}", node.Find("kind"));
        }

        var zone = node.OptionalString("timeZone");
        if (zone is not null)
        {
            _ = FindZone(node, "timeZone", zone);
        }

        node.Accept("schedule", "interval");
        CsvSourceOptions? csv = null;
        if (kind == "csv")
        {
            var events = node.RequiredString("events");
            var items = node.OptionalString("items");
            var columns = node.OptionalMapping("columns");
            IReadOnlyDictionary<string, string> eventColumns = new Dictionary<string, string>();
            IReadOnlyDictionary<string, string> itemColumns = new Dictionary<string, string>();
            if (columns is not null)
            {
                eventColumns = columns.StringMap("events");
                itemColumns = columns.StringMap("items");
                columns.RejectUnknownKeys();
                CheckColumnNames(columns, "events", eventColumns, CsvEventReader.EventColumnNames);
                CheckColumnNames(columns, "items", itemColumns, CsvEventReader.ItemColumnNames);
            }

            var delimiter = node.OptionalString("delimiter") ?? ",";
            var timestampFormat = node.OptionalString("timestampFormat");
            node.RejectUnknownKeys();
            csv = new CsvSourceOptions(
                Resolve(baseDir, events),
                items is null ? null : Resolve(baseDir, items),
                eventColumns,
                itemColumns,
                delimiter)
            { TimestampFormat = timestampFormat };
        }

        // Connector sources: their own options classes read the remaining keys.
        return new SourceConfig(name, kind, zone, csv, node.Line, node.Node);
    }

    private static void CheckColumnNames(YamlNodeReader columns, string key, IReadOnlyDictionary<string, string> map, IReadOnlyList<string> known)
    {
        foreach (var canonical in map.Keys)
        {
            if (!known.Contains(canonical, StringComparer.OrdinalIgnoreCase))
            {
                throw columns.Error($"{key}.{canonical}", $"unknown canonical column; known: {string.Join(", ", known)}");
            }
        }
    }

    private static string Resolve(string baseDir, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDir, path));

    private static StreamConfig ReadStream(YamlNodeReader node, IReadOnlyList<SourceConfig> sources)
    {
        var name = node.RequiredString("name");
        var zoneName = node.OptionalString("timeZone") ?? "UTC";
        var zone = FindZone(node, "timeZone", zoneName);

        var stageNodes = node.MappingList("stages");
        if (stageNodes.Count == 0)
        {
            throw node.Error("stages", "a stream needs at least one stage");
        }

        var stages = new List<Stage>();
        foreach (var s in stageNodes)
        {
            var stageName = s.RequiredString("name");
            var category = s.OptionalEnum<StageCategory?>("category", null, Categories.ToDictionary(k => k.Key, v => (StageCategory?)v.Value))
                ?? throw s.Error("category", $"is required: one of {string.Join(", ", Categories.Keys)}");
            var statuses = s.StringList("statuses");
            var wip = s.OptionalInt("wipLimit", min: 1);
            s.RejectUnknownKeys();
            stages.Add(new Stage(stageName, category, statuses.Count == 0 ? [stageName] : statuses, wip));
        }

        Workflow workflow;
        try
        {
            workflow = new Workflow(stages);
        }
        catch (ArgumentException ex)
        {
            throw node.Error("stages", ex.Message.Split(" (Parameter", 2)[0]);
        }

        int StageIndex(string key)
        {
            var v = node.OptionalString(key);
            if (v is null)
            {
                return -1;
            }

            var i = workflow.IndexOfStage(v);
            return i >= 0 ? i : throw node.Error(key, $"'{v}' is not a stage of this stream ({string.Join(", ", stages.Select(x => x.Name))})", node.Find(key));
        }

        var commitment = StageIndex("commitmentPoint");
        var delivery = StageIndex("deliveryPoint");
        var value = StageIndex("valuePoint");
        var idea = StageIndex("ideaStage");

        FlowOptions options;
        var profile = node.OptionalString("profile") ?? "pmoflow";
        try
        {
            options = FlowOptions.Profile(profile);
        }
        catch (ArgumentException ex)
        {
            throw node.Error("profile", ex.Message.Split(" (Parameter", 2)[0], node.Find("profile"));
        }

        var overrides = node.OptionalMapping("options");
        if (overrides is not null)
        {
            foreach (var (k, v) in overrides.Node.Children)
            {
                var key = ((YamlScalarNode)k).Value ?? string.Empty;
                var text = v switch
                {
                    YamlScalarNode sv => sv.Value ?? string.Empty,
                    YamlSequenceNode seq => string.Join(",", seq.Children.OfType<YamlScalarNode>().Select(x => x.Value)),
                    _ => throw overrides.Error(key, "expected a value or a list", v),
                };
                try
                {
                    options = FlowOptionNames.Apply(options, key, text);
                }
                catch (ArgumentException ex)
                {
                    throw overrides.Error(key, ex.Message.Split(" (Parameter", 2)[0], v);
                }
            }
        }

        var calendar = WorkingCalendar.EveryDay;
        var cal = node.OptionalMapping("calendar");
        if (cal is not null)
        {
            var days = cal.StringList("workingDays").Select(d => Weekdays.TryGetValue(d.Trim().ToLowerInvariant(), out var w)
                ? w
                : throw cal.Error("workingDays", $"'{d}' is not a weekday (mon..sun)", cal.Find("workingDays"))).ToList();
            // A holiday is "yyyy-MM-dd", optionally followed by a space and its name: "2026-12-25 Christmas Day".
            var holidays = cal.StringList("holidays").Select(h => HolidayOf(h)
                ?? throw cal.Error("holidays", $"'{h}' is not a date (yyyy-MM-dd, optionally followed by a name)", cal.Find("holidays"))).ToList();
            cal.RejectUnknownKeys();
            calendar = WorkingCalendar.Of(days.Count == 0 ? Enum.GetValues<DayOfWeek>() : days, holidays);
        }

        var streamSources = node.StringList("sources");
        foreach (var src in streamSources)
        {
            if (!sources.Any(s => string.Equals(s.Name, src, StringComparison.OrdinalIgnoreCase)))
            {
                throw node.Error("sources", $"no source named '{src}' (configured: {string.Join(", ", sources.Select(s => s.Name))})", node.Find("sources"));
            }
        }

        var sle = node.OptionalDouble("sle");
        if (sle is <= 0)
        {
            throw node.Error("sle", "must be a positive number of days", node.Find("sle"));
        }

        var typeMapping = node.StringMap("typeMapping");
        node.Accept("schedule", "publish", "report");
        node.RejectUnknownKeys();

        var definition = new StreamDefinition
        {
            Name = name,
            TimeZone = zone,
            Workflow = workflow,
            CommitmentStage = commitment,
            DeliveryStage = delivery,
            ValueStage = value,
            IdeaStage = idea,
            Options = options,
            Calendar = calendar,
            SleDays = sle,
            Sources = streamSources,
            TypeMapping = typeMapping,
        };
        return new StreamConfig(definition, node.Line, node.Node);
    }

    private static TimeZoneInfo FindZone(YamlNodeReader node, string key, string zone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw node.Error(key, $"'{zone}' is not a known IANA time zone (e.g. Europe/London, America/New_York, UTC)", node.Find(key));
        }
    }

    /// <summary>A holiday entry: a date (<see cref="YamlScalars.TryDate"/>), then optionally a space and the holiday's name; null when it does not start with a date.</summary>
    private static Holiday? HolidayOf(string text)
    {
        var t = text.Trim();
        var space = t.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? string.Empty : t[(space + 1)..].Trim();
        return YamlScalars.TryDate(space < 0 ? t : t[..space], out var date) ? new Holiday(date, name.Length == 0 ? null : name) : null;
    }
}
