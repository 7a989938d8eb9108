using Spectre.Console;

namespace PmoFlow.Cli.Output;

/// <summary>Spectre consoles bound to the command's writers (tests pass their own writers).</summary>
internal static class Consoles
{
    /// <summary>A console on a writer; progress bars go to stderr so stdout stays machine-readable.</summary>
    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected
            || ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no terminal width; wide tables must not wrap every cell.
            console.Profile.Width = 240;
        }

        return console;
    }
}
