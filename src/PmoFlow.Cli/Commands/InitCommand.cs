using System.CommandLine;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow init</c>: writes a commented starter configuration.</summary>
internal static class InitCommand
{
    public static Command Create(TextWriter stdout)
    {
        var path = new Option<string>("--path") { Description = "Where to write the file.", DefaultValueFactory = _ => "pmoflow.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var command = new Command("init", "Write a commented starter pmoflow.yaml.") { path, force };
        command.SetAction(parse =>
        {
            var target = Path.GetFullPath(parse.GetValue(path)!);
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new UsageException($"{target} already exists; pass --force to overwrite it.");
            }

            File.WriteAllText(target, StarterConfig.Text);
            stdout.WriteLine($"Wrote {target}. Edit the stages and sources, then run `pmoflow import csv`.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
