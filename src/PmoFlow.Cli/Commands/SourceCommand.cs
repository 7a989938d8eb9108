using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Storage;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow source list|remove NAME [--yes]</c> and <c>pmoflow quarantine list [--source S]</c>: stored data a user can see and manage.</summary>
internal static class SourceCommand
{
    /// <summary>The columns of <c>source list</c>.</summary>
    public static IReadOnlyList<string> SourceColumns { get; } = ["source", "kind", "origin", "events", "items", "quarantined", "last_import", "cursor"];

    /// <summary>The columns of <c>quarantine list</c>.</summary>
    public static IReadOnlyList<string> QuarantineColumns { get; } = ["source", "location", "reason", "raw", "at"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var list = new Command("list", "Stored sources: kind, the file their data came from, events, items, quarantined rows, last import, cursor.") { config, format };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(config)), ct);
            var sources = await new SourceCatalog(db.DataSource).ListAsync(ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(new TableData("sources", SourceColumns,
                [.. sources.Select(s => (IReadOnlyList<object?>)[s.Name, s.Kind, s.Origin, s.Events, s.Items, s.Quarantined, s.UpdatedAt, s.Cursor])]));
            return ExitCodes.Ok;
        });

        var name = new Argument<string>("name") { Description = "The source to delete (as `pmoflow source list` shows it)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Delete without asking." };
        var removeConfig = CliOptions.Config();
        var remove = new Command("remove", "Delete a source's events, items, quarantined rows, import history and cursor (one transaction).") { name, yes, removeConfig };
        remove.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(name)!;
            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(removeConfig)), ct);
            var catalog = new SourceCatalog(db.DataSource);
            var stored = await catalog.FindAsync(source, ct)
                ?? throw new UsageException($"no source '{source}' is stored; `pmoflow source list` shows the stored sources.");
            var what = $"source '{stored.Name}': {stored.Events:N0} events, {stored.Items:N0} items, {stored.Quarantined:N0} quarantined rows";
            if (!parse.GetValue(yes) && !Confirm($"Delete {what}? [y/N] ", stderr))
            {
                throw new UsageException($"nothing deleted; pass --yes to delete {what}.");
            }

            var removed = await catalog.RemoveAsync(source, ct);
            await stdout.WriteLineAsync(removed is null
                ? $"Source '{source}' was already gone."
                : $"Deleted source '{removed.Name}': {removed.Events:N0} events, {removed.Items:N0} items, {removed.Quarantined:N0} quarantined rows, {removed.Runs:N0} import runs.");
            return ExitCodes.Ok;
        });

        return new Command("source", "Stored sources: list them, delete one.") { list, remove };
    }

    public static Command Quarantine(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var source = new Option<string?>("--source") { Description = "Only this source's rows." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows, newest first.", DefaultValueFactory = _ => 200 };
        var list = new Command("list", "Quarantined rows: where they were (file:line or URL), why, and the raw record.") { config, format, source, limit };
        list.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(limit) <= 0)
            {
                throw new UsageException("--limit must be 1 or more.");
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(config)), ct);
            var (rows, total) = await new SourceCatalog(db.DataSource).QuarantineAsync(parse.GetValue(source), parse.GetValue(limit), ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(new TableData("quarantine", QuarantineColumns,
                [.. rows.Select(r => (IReadOnlyList<object?>)[r.Source, r.Location, r.Reason, r.Raw, r.At])]));
            if (total > rows.Count)
            {
                await stderr.WriteLineAsync($"Showing the newest {rows.Count:N0} of {total:N0} quarantined rows; --limit for more.");
            }

            return ExitCodes.Ok;
        });
        return new Command("quarantine", "Rows an import could not store, with the reason.") { list };
    }

    /// <summary>Asks on the terminal; without one (input redirected) the answer is no.</summary>
    private static bool Confirm(string question, TextWriter stderr)
    {
        if (Console.IsInputRedirected || !ReferenceEquals(stderr, Console.Error))
        {
            return false;
        }

        stderr.Write(question);
        var answer = Console.ReadLine();
        return answer is not null && (answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
