using System.Text.Json;
using PmoFlow.Cli.Output;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 5 and 9: option names, help, usage errors in words, CSV numbers.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-usage-").FullName;

    public UsageTests()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), """
            streams:
              - name: team
                timeZone: UTC
                sources: [files]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Doing, category: active, statuses: [In Progress] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv }
            """);
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status
            A-1,2026-01-05T10:00:00Z,Open,In Progress
            A-1,2026-01-07T10:00:00Z,In Progress,Done
            A-2,2026-01-06T10:00:00Z,Open,In Progress
            A-2,2026-01-08T10:00:00Z,In Progress,Done
            A-3,2026-01-08T09:00:00Z,Open,In Progress

            """);
        File.WriteAllText(Path.Combine(_dir, "items.csv"), """
            key,created,type,title
            A-1,2026-01-01T09:00:00Z,Story,Title from the items file

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--items-file")]
    [InlineData("--items")]
    public async Task Items_TakesTheItemsFileAsItemsFileOrItsAlias(string option)
    {
        var (code, stdout, stderr) = await Run("items", "--events", P("events.csv"), option, P("items.csv"), "--as-of", "2026-01-10", "-f", "json");

        Assert.True(code == 0, stderr);
        var a1 = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "A-1");
        Assert.Equal("Title from the items file", a1.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ForecastWhen_TakesACountAndAnItemsFile()
    {
        var one = await Run(
            "forecast", "when", "-n", "1", "--items-file", P("items.csv"), "--events", P("events.csv"), "--as-of", "2026-01-10", "-f", "csv", "--no-save", "--exact");
        var forty = await Run(
            "forecast", "when", "--items", "40", "--items-file", P("items.csv"), "--events", P("events.csv"), "--as-of", "2026-01-10", "-f", "csv", "--no-save", "--exact");

        Assert.True(one.Code == 0, one.Stderr);
        Assert.True(forty.Code == 0, forty.Stderr);
        // Two completions in a 90-day window: 40 items take far longer than one.
        Assert.True(P85Days(forty.Stdout) > P85Days(one.Stdout) * 10, one.Stdout + forty.Stdout);
    }

    [Fact]
    public async Task Report_DashO_IsNotTheOutputFolder()
    {
        var cwd = Path.Combine(_dir, "cwd");
        Directory.CreateDirectory(cwd);

        var (code, _, stderr) = await Run("report", "-o", "dayCount=exclusive");

        Assert.Equal(2, code);
        Assert.Contains("'-o'", stderr, StringComparison.Ordinal);
        Assert.Contains("Option '--out' is required", stderr, StringComparison.Ordinal);
        Assert.Contains("Run `pmoflow report --help`", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "dayCount=exclusive")));
        Assert.False(Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "dayCount=exclusive")));
    }

    [Theory]
    [InlineData("forecast", "when")]
    [InlineData("report")]
    [InlineData("items")]
    public async Task Help_Command_PrintsTheCommandsHelp(params string[] command)
    {
        var viaHelp = await CliRunner.RunAsync(["help", .. command]);
        var viaOption = await CliRunner.RunAsync([.. command, "--help"]);

        Assert.Equal(0, viaHelp.Code);
        Assert.Equal(viaOption.Stdout, viaHelp.Stdout);
        Assert.Contains($"{string.Join(" ", command)} [options]", viaHelp.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Description:", viaHelp.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_WithoutCommand_ListsTheCommands_AndAnUnknownOneIsAUsageError()
    {
        var all = await CliRunner.RunAsync("help");
        var unknown = await CliRunner.RunAsync("help", "frobnicate");

        Assert.Equal(0, all.Code);
        Assert.Contains("forecast", all.Stdout, StringComparison.Ordinal);
        Assert.Contains("help", all.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("'frobnicate' is not a command", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalysisHelp_ShowsItemsFileAndFormatChoices_ForecastKeepsTheCount()
    {
        var items = await CliRunner.RunAsync("items", "--help");
        var when = await CliRunner.RunAsync("forecast", "when", "--help");

        Assert.Contains("--items-file, --items <items-file>", items.Stdout.Replace("--items, --items-file", "--items-file, --items", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<table|csv|json>", items.Stdout, StringComparison.Ordinal);
        Assert.Contains("-n, --items <items>", when.Stdout, StringComparison.Ordinal);
        Assert.Contains("--items-file <items-file>", when.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFormat_IsExit2NamingTheChoices()
    {
        var (code, stdout, stderr) = await Run("items", "--events", P("events.csv"), "--format", "xml");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--format 'xml' is not one of table, csv, json.", stderr, StringComparison.Ordinal);
        AssertNoDotNetNames(stderr);
    }

    [Theory]
    [InlineData("--trials", "abc", "--trials 'abc' is not a whole number.")]
    [InlineData("--seed", "-1", "--seed '-1' is not a whole number.")]
    [InlineData("--deadline", "next-friday", "--deadline 'next-friday' is not ")]
    public async Task ValueOfTheWrongKind_IsExit2InWords(string option, string value, string expected)
    {
        var (code, _, stderr) = await Run("forecast", "when", "--events", P("events.csv"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        // Parse-time errors point at the command's help (a date is parsed later, by the relative-date rule).
        Assert.True(option == "--deadline" || stderr.Contains("Run `pmoflow forecast when --help`", StringComparison.Ordinal), stderr);
        AssertNoDotNetNames(stderr);
    }

    [Fact]
    public async Task ArgumentErrors_HaveNoParameterSuffix()
    {
        var (code, _, stderr) = await Run(
            "forecast", "when", "-n", "4", "--events", P("events.csv"), "--as-of", "2026-01-10", "--no-save", "--what-if", "bad:scopeFactor=-1");

        Assert.Equal(2, code);
        Assert.Contains("Scenario 'bad': scope factor", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", stderr, StringComparison.Ordinal);
        AssertNoDotNetNames(stderr);
    }

    [Fact]
    public void UnexpectedFailure_MessageNamesNoType()
    {
        var (code, message) = Program.Describe(new InvalidOperationException("the sky fell"));

        Assert.Equal(1, code);
        Assert.Equal("unexpected failure: the sky fell", message);
    }

    [Fact]
    public async Task SampleHelp_ShowsTheDefaultStartAsAnIsoDate()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("sample", "generate", "--help");

        Assert.Equal(0, code);
        Assert.Contains("[default: 2025-01-01]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("01/01/2025", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_NegativeNumbersStayNumbers_FormulasAreNeutralised()
    {
        var writer = new StringWriter();
        new Printer(writer, OutputFormat.Csv).Print(new TableData(
            "backtest", ["question", "mean_error", "net_flow", "title"],
            [["when", "-0.314", -2, "-1+cmd|' /C calc'!A0"], ["how-many", "-1e-3", 3.5, "=HYPERLINK(\"x\")"]]));

        var lines = writer.ToString().Split('\n');
        Assert.Equal("when,-0.314,-2,'-1+cmd|' /C calc'!A0", lines[1]);
        Assert.Equal("how-many,-1e-3,3.5,\"'=HYPERLINK(\"\"x\"\")\"", lines[2]);
    }

    private static void AssertNoDotNetNames(string text)
    {
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PmoFlow.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private static int P85Days(string csv)
    {
        // The output holds several tables (the basis first); the "when" table's header starts with scope.
        var lines = csv.Split('\n');
        var header = lines.First(l => l.StartsWith("scope,", StringComparison.Ordinal)).Split(',');
        var row = lines.First(l => l.StartsWith("all,85,", StringComparison.Ordinal)).Split(',');
        return int.Parse(row[Array.IndexOf(header, "calendar_days")], System.Globalization.CultureInfo.InvariantCulture);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--config", P("pmoflow.yaml")]);
}
