using PmoFlow.Cli.Output;

namespace PmoFlow.Cli.Tests.Startup;

/// <summary>Tables above <see cref="Printer.LargeTableRows"/> rows are drawn in one pass, aligned, with text as text.</summary>
public sealed class LargeTableTests
{
    [Fact]
    public void A_large_table_is_aligned_and_shows_every_row_and_markup_as_text()
    {
        var rows = Enumerable.Range(1, 300)
            .Select(i => (IReadOnlyList<object?>)[$"K-{i}", i == 7 ? "[b]bold[/b]\nnext line" : "t", i * 0.5, null])
            .ToList();
        var output = new StringWriter();

        new Printer(output, OutputFormat.Table).Print(new TableData("items", ["key", "title", "cycle_time", "age"], rows));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300 + 5, lines.Length); // title, top rule, header, header rule, rows, bottom rule
        Assert.Equal("items", lines[0].Trim());
        Assert.Single(lines.Skip(1).Select(l => l.Length).Distinct());
        Assert.Equal("│ key   │ title                 │ cycle_time │ age │", lines[2]);
        Assert.Equal("│ K-7   │ [b]bold[/b] next line │ 3.5        │     │", lines[10]);
        Assert.Equal("│ K-300 │ t                     │ 150        │     │", lines[303]);
        Assert.StartsWith("╰", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_table_still_goes_through_spectre()
    {
        var output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Ansi = Spectre.Console.AnsiSupport.No,
        });

        new Printer(output, OutputFormat.Table, console).Print(new TableData("t", ["key"], [["A-1"]]));

        Assert.Contains("A-1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("╭", output.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The logging options every command takes.</summary>
public sealed class LoggingOptionTests
{
    [Fact]
    public async Task LogLevel_UnknownName_IsAUsageErrorNamingTheChoices()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("init", "--path", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.yaml"), "--log-level", "loud");

        Assert.NotEqual(0, code);
        Assert.Contains("--log-level 'loud' is not one of trace, debug, information, warning, error, critical, none.", stderr, StringComparison.Ordinal);
    }
}
