using System.CommandLine;
using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow sample generate</c>: writes the seeded simulated delivery system.</summary>
internal static class SampleCommand
{
    public static Command Create(TextWriter stdout)
    {
        var defaults = new SimulationParameters();
        var output = new Option<string>("--out") { Description = "Folder to write events.csv, items.csv and pmoflow.yaml.", DefaultValueFactory = _ => "samples" };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var teams = new Option<int>("--teams") { Description = "Number of teams.", DefaultValueFactory = _ => defaults.Teams };
        var days = new Option<int>("--days") { Description = "Simulated calendar days.", DefaultValueFactory = _ => defaults.Days };
        var start = new Option<DateOnly>("--start") { Description = "First simulated date (yyyy-MM-dd).", DefaultValueFactory = _ => defaults.Start };
        var generate = new Command("generate", "Simulate a delivery system and write it as canonical CSV with a matching pmoflow.yaml.")
        {
            output, seed, teams, days, start,
        };
        generate.SetAction(parse =>
        {
            var p = new SimulationParameters
            {
                Seed = parse.GetValue(seed),
                Teams = parse.GetValue(teams),
                Days = parse.GetValue(days),
                Start = parse.GetValue(start),
            };
            var config = SampleDataWriter.Write(parse.GetValue(output)!, p);
            stdout.WriteLine($"Wrote {config} and its events.csv and items.csv.");
            return ExitCodes.Ok;
        });
        return new Command("sample", "Sample data.") { generate };
    }
}
