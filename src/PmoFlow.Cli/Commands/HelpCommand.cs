using System.CommandLine;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow help [command ...]</c>: the same text as <c>pmoflow [command ...] --help</c>.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string[]>("command") { Description = "The command (and sub-command) to describe, e.g. `forecast when`.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the help of pmoflow or of one command (pmoflow help forecast when).") { path };
        command.SetAction((parse, ct) =>
        {
            var words = parse.GetValue(path) ?? [];
            Command target = root;
            foreach (var word in words)
            {
                target = target.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word))
                    ?? throw new UsageException($"'{string.Join(' ', words)}' is not a command; `pmoflow help` lists them.");
            }

            return root.Parse([.. words, "--help"]).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
        });
        return command;
    }
}
