using System.Diagnostics;
using System.Globalization;
using PmoFlow.Core.Events;
using PmoFlow.Storage.Embedded;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Processes;

/// <summary>
/// This test assembly doubles as a child process (<c>dotnet PmoFlow.Storage.Tests.dll MODE ...</c>) so tests can
/// kill a real importing or server-holding process.
/// </summary>
public static class ChildProcess
{
    public static readonly DateTimeOffset T0 = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "import":
                ImportAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture))
                    .GetAwaiter().GetResult();
                return 0;
            case "hold":
                using (var lease = new PostgresLauncher(TestPostgres.ThrowawayOptions(args[1])).AcquireAsync(CancellationToken.None).GetAwaiter().GetResult())
                {
                    Console.WriteLine("ready");
                    Thread.Sleep(Timeout.Infinite);
                }

                return 0;
            default:
                Console.Error.WriteLine("usage: import CONNECTION SOURCE TOTAL BATCH | hold HOME");
                return 2;
        }
    }

    /// <summary>Event <paramref name="i"/> of the deterministic test stream: 4 events per item.</summary>
    public static FlowEvent Event(string source, int i) =>
        new(source, $"K-{i / 4:D6}", $"e{i % 4}", T0.AddMinutes(i), EventKind.Status, "From", "To");

    /// <summary>Starts this assembly as a child process in <paramref name="mode"/>.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
    }

    // Resumes from the saved cursor (the number of events already written) and prints one line per committed batch.
    private static async Task ImportAsync(string connectionString, string source, int total, int batchSize)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var store = new EventStore(dataSource);
        var run = await store.BeginRunAsync(source, "test", CancellationToken.None);
        var done = int.Parse(await store.GetCursorAsync(source, CancellationToken.None) ?? "0", CultureInfo.InvariantCulture);
        while (done < total)
        {
            var end = Math.Min(total, done + batchSize);
            var events = Enumerable.Range(done, end - done).Select(i => Event(source, i)).ToList();
            await store.WriteBatchAsync(run, new IngestBatch([], events, [], end.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
            Console.WriteLine($"committed {end}");
            done = end;
        }

        await store.CompleteRunAsync(run, IngestOutcome.Succeeded, null, CancellationToken.None);
        Console.WriteLine("finished");
    }
}
