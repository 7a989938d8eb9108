using System.Globalization;
using PmoFlow.Core.Limits;
using PmoFlow.Streams.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Dashboards;

/// <summary>
/// A dashboard's YAML form, the file <c>pmoflow dashboard export</c> writes and <c>import</c> reads (so dashboards live
/// in git), and the text the database stores.
/// </summary>
/// <remarks>
/// Reading goes through <see cref="Yaml.YamlGuard"/> and <see cref="YamlNodeReader"/>: every error is a
/// <see cref="ConfigException"/> naming file:line:key, unknown keys included. Writing quotes every text value
/// (double-quoted, escaped by YamlDotNet's emitter), so a name such as <c>"&lt;img src=x onerror=alert(1)&gt;"</c> or one
/// holding <c>"\n- show: x"</c> stays one value. Thread-safe.
/// </remarks>
public static class DashboardYaml
{
    private const string Schema = "docs/web.md (dashboards)";

    /// <summary>Reads a dashboard file.</summary>
    /// <exception cref="ConfigException">The file is missing, too large, not YAML or breaks a rule.</exception>
    public static Dashboard Load(string path, PmoFlowConfig? config)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: dashboard file not found.");
        }

        return Parse(YamlNodeReader.ReadFile(path, InputLimits.Default.Yaml), path, config);
    }

    /// <summary>Reads a dashboard from YAML text; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="ConfigException">The text is too large, not YAML or breaks a rule.</exception>
    public static Dashboard Parse(string text, string file, PmoFlowConfig? config)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = YamlNodeReader.Document(text, file, InputLimits.Default.Yaml, Schema);
        var name = root.OptionalString("dashboard");
        if (DashboardRules.NameProblem(name, required: true) is { } nameProblem)
        {
            throw root.ErrorAtKey("dashboard", nameProblem);
        }

        var shared = root.OptionalBool("shared") ?? true;
        var nodes = root.MappingList("panels");
        root.RejectUnknownKeys();
        if (nodes.Count > DashboardRules.MaxPanels)
        {
            throw root.ErrorAtKey("panels", $"holds {nodes.Count} panels; at most {DashboardRules.MaxPanels}");
        }

        var panels = new List<DashboardPanel>();
        foreach (var p in nodes)
        {
            var panel = new DashboardPanel
            {
                Show = p.OptionalString("show") ?? throw p.ErrorAtKey("show", "is required: the id of a report section, chart or table"),
                Stream = p.OptionalString("stream"),
                Title = p.OptionalString("title"),
                Width = p.OptionalInt("width") ?? DashboardRules.DefaultWidth,
                Height = p.OptionalInt("height"),
                AsOf = p.OptionalString("asOf"),
                Week = p.OptionalString("week"),
                Weeks = p.OptionalInt("weeks"),
            };
            p.RejectUnknownKeys();
            foreach (var (key, problem) in DashboardRules.Check(panel, config))
            {
                throw p.ErrorAtKey(key, problem);
            }

            panels.Add(panel);
        }

        return new Dashboard(name!, shared, panels);
    }

    /// <summary>The dashboard as a YAML document (what <see cref="Parse"/> reads back to an equal dashboard).</summary>
    public static string Write(Dashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var root = new YamlMappingNode
        {
            { "dashboard", Quoted(dashboard.Name) },
            { "shared", Plain(dashboard.Shared ? "true" : "false") },
        };
        var panels = new YamlSequenceNode();
        foreach (var p in dashboard.Panels)
        {
            var node = new YamlMappingNode { { "show", Quoted(p.Show) } };
            void Add(string key, YamlScalarNode? value)
            {
                if (value is not null)
                {
                    node.Add(key, value);
                }
            }

            Add("stream", p.Stream is null ? null : Quoted(p.Stream));
            Add("title", p.Title is null ? null : Quoted(p.Title));
            Add("width", Plain(p.Width.ToString(CultureInfo.InvariantCulture)));
            Add("height", p.Height is { } h ? Plain(h.ToString(CultureInfo.InvariantCulture)) : null);
            Add("asOf", p.AsOf is null ? null : Quoted(p.AsOf));
            Add("week", p.Week is null ? null : Quoted(p.Week));
            Add("weeks", p.Weeks is { } w ? Plain(w.ToString(CultureInfo.InvariantCulture)) : null);
            panels.Add(node);
        }

        root.Add("panels", panels);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write("# A PmoFlow dashboard: `pmoflow dashboard import FILE` stores it (see docs/web.md).\n");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream ends a document with "..."; a file in git reads better without it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Plain(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.Plain };
}
