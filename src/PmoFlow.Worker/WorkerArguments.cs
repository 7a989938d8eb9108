using PmoFlow.Jobs;
using PmoFlow.Jobs.Hosting;

namespace PmoFlow.Worker;

/// <summary>The worker's command line: <c>--config</c> and the node options of <see cref="WorkerSwitches"/> (the same as <c>pmoflow worker</c>).</summary>
internal sealed record WorkerArguments(string ConfigPath, Action<PmoFlowSchedulerOptions> Configure, Microsoft.Extensions.Logging.LogLevel LogLevel)
{
    public static string Usage => "usage: PmoFlow.Worker [--config pmoflow.yaml] [--log-level LEVEL]"
        + string.Concat(WorkerSwitches.All.Where(s => !s.Hidden).Select(s => $" [{s.Name} VALUE]"))
        + Environment.NewLine
        + "Joins the PmoFlow scheduler cluster on the configured database (PMOFLOW_DATABASE wins) and runs its jobs"
        + Environment.NewLine
        + "until stopped (Ctrl+C / SIGTERM). Start as many as you like. Same as `pmoflow worker`."
        + Environment.NewLine
        + string.Concat(WorkerSwitches.All.Where(s => !s.Hidden).Select(s => $"  {s.Name,-28} {s.Description}{Environment.NewLine}"));

    public static WorkerArguments Parse(string[] args)
    {
        var config = "pmoflow.yaml";
        var level = Microsoft.Extensions.Logging.LogLevel.Information;
        var settings = new List<Action<PmoFlowSchedulerOptions>>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            if (name == "--config")
            {
                config = value;
                continue;
            }

            if (name == "--log-level")
            {
                level = PmoFlowLogging.ParseLevel(value);
                continue;
            }

            var option = WorkerSwitches.Find(name) ?? throw new ArgumentException($"Unknown option {name}.");
            // Parse now, so a bad value stops the worker before it starts.
            option.Apply(new PmoFlowSchedulerOptions(), value);
            settings.Add(o => option.Apply(o, value));
        }

        return new WorkerArguments(config, o => settings.ForEach(s => s(o)), level);
    }
}
