using PmoFlow.Jobs;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Worker;

/// <summary>The worker's command line.</summary>
internal sealed record WorkerArguments(string ConfigPath, Action<PmoFlowSchedulerOptions> Configure)
{
    public const string Usage = """
        usage: PmoFlow.Worker [--config pmoflow.yaml] [--instance-id ID] [--threads N]
                              [--checkin-interval 7500ms] [--checkin-misfire-threshold 15s]
                              [--idle-wait 5s] [--misfire-threshold 60s]
        Joins the PmoFlow scheduler cluster on the configured database (PMOFLOW_DATABASE wins) and runs its jobs
        until stopped (Ctrl+C / SIGTERM). Start as many as you like.
        """;

    public static WorkerArguments Parse(string[] args)
    {
        var config = "pmoflow.yaml";
        var settings = new List<Action<PmoFlowSchedulerOptions>>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            TimeSpan Duration()
            {
                var text = Value();
                return DurationText.TryParse(text, out var d) ? d : throw new ArgumentException($"{name}: '{text}' is not a duration (e.g. 500ms, 2s, 1m).");
            }

            switch (name)
            {
                case "--config":
                    config = Value();
                    break;
                case "--instance-id":
                    var id = Value();
                    settings.Add(o => o.InstanceId = id);
                    break;
                case "--threads":
                    var threads = int.TryParse(Value(), out var t) && t > 0 ? t : throw new ArgumentException("--threads needs a positive whole number.");
                    settings.Add(o => o.MaxConcurrency = threads);
                    break;
                case "--checkin-interval":
                    var ci = Duration();
                    settings.Add(o => o.CheckinInterval = ci);
                    break;
                case "--checkin-misfire-threshold":
                    var cm = Duration();
                    settings.Add(o => o.CheckinMisfireThreshold = cm);
                    break;
                case "--idle-wait":
                    var iw = Duration();
                    settings.Add(o => o.IdleWaitTime = iw);
                    break;
                case "--misfire-threshold":
                    var mt = Duration();
                    settings.Add(o => o.MisfireThreshold = mt);
                    break;
                case "--test-delay-before-delivery":
                    // Test hook (undocumented in usage): holds each delivery open so a test can kill the worker mid-job.
                    var delay = Duration();
                    settings.Add(o => o.DelayBeforeDelivery = delay);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}.");
            }
        }

        return new WorkerArguments(config, o => settings.ForEach(s => s(o)));
    }
}
