using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Server.Hosting;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Dashboards;

namespace PmoFlow.Cli.Commands;

/// <summary>
/// <c>pmoflow dashboard list|export NAME [--out F]|import F|remove NAME</c>: saved dashboards as YAML files, so they
/// live in git. A private dashboard (<c>shared: false</c>) belongs to the API key in <c>$PMOFLOW_API_KEY</c> or
/// <c>--api-key-file</c>; with a key, export and remove see that key's dashboards first, then the shared ones.
/// </summary>
internal static class DashboardCommand
{
    /// <summary>Columns of <c>dashboard list</c>.</summary>
    public static IReadOnlyList<string> ListColumns { get; } = ["dashboard", "owner", "panels", "streams", "updated_at"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var list = new Command("list", "Saved dashboards: name, owner (shared or key:…), panels, streams shown, last saved.");
        var listConfig = CliOptions.Config();
        var format = CliOptions.Format();
        var listKey = KeyFile();
        list.Options.Add(listConfig);
        list.Options.Add(format);
        list.Options.Add(listKey);
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(listConfig)), ct);
            var all = await new DashboardLibrary(db.DataSource).ListAsync(Key(parse.GetValue(listKey)), ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(new TableData("dashboards", ListColumns,
                [.. all.Select(d => (IReadOnlyList<object?>)
                [
                    d.Dashboard.Name, d.Owner.Length == 0 ? "shared" : d.Owner, d.Dashboard.Panels.Count,
                    string.Join(" ", d.Dashboard.Panels.Select(p => p.Stream ?? "(report's)").Distinct(StringComparer.OrdinalIgnoreCase)), d.UpdatedAt,
                ])]));
            return ExitCodes.Ok;
        });

        var exportName = new Argument<string>("name") { Description = "The dashboard (as `pmoflow dashboard list` shows it)." };
        var output = new Option<string?>("--out") { Description = "Write the YAML to this file (default: standard output)." };
        var exportConfig = CliOptions.Config();
        var exportKey = KeyFile();
        var export = new Command("export", "Write a saved dashboard as YAML (to commit it, or import it elsewhere).") { exportName, output, exportConfig, exportKey };
        export.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(exportName)!;
            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(exportConfig)), ct);
            var found = await new DashboardLibrary(db.DataSource).FindAsync(name, Key(parse.GetValue(exportKey)), ct)
                ?? throw new UsageException($"no dashboard is named '{name}'; `pmoflow dashboard list` shows the saved ones.");
            if (parse.GetValue(output) is { } path)
            {
                var full = Path.GetFullPath(path);
                await File.WriteAllTextAsync(full, found.Yaml, ct);
                await stdout.WriteLineAsync(full);
            }
            else
            {
                await stdout.WriteAsync(found.Yaml);
            }

            return ExitCodes.Ok;
        });

        var file = new Argument<string>("file") { Description = "A dashboard YAML file (as `pmoflow dashboard export` writes it)." };
        var importConfig = CliOptions.Config();
        var importKey = KeyFile();
        var import = new Command("import", "Save the dashboard a YAML file describes (replacing one of the same name and owner).") { file, importConfig, importKey };
        import.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.TryLoadConfig(parse.GetValue(importConfig));
            Dashboard dashboard;
            try
            {
                dashboard = DashboardYaml.Load(Path.GetFullPath(parse.GetValue(file)!), cfg);
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"pmoflow: {ex.Message}");
                return ExitCodes.BadInput;
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            try
            {
                await new DashboardLibrary(db.DataSource).SaveAsync(dashboard, Key(parse.GetValue(importKey)), CommandSupport.Clock.GetUtcNow(), ct);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            await stdout.WriteLineAsync(
                $"Saved dashboard '{dashboard.Name}': {dashboard.Panels.Count} panel(s), {(dashboard.Shared ? "shared" : "private to the API key")}.");
            return ExitCodes.Ok;
        });

        var removeName = new Argument<string>("name") { Description = "The dashboard to delete." };
        var removeConfig = CliOptions.Config();
        var removeKey = KeyFile();
        var remove = new Command("remove", "Delete a saved dashboard.") { removeName, removeConfig, removeKey };
        remove.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(removeName)!;
            await using var db = await CommandSupport.OpenDatabaseAsync(CommandSupport.TryLoadConfig(parse.GetValue(removeConfig)), ct);
            if (!await new DashboardLibrary(db.DataSource).RemoveAsync(name, Key(parse.GetValue(removeKey)), ct))
            {
                throw new UsageException($"no dashboard is named '{name}'; `pmoflow dashboard list` shows the saved ones.");
            }

            await stdout.WriteLineAsync($"Deleted dashboard '{name}'.");
            return ExitCodes.Ok;
        });

        return new Command("dashboard", "Saved dashboards (layouts of report panels): list, export as YAML, import, remove.") { list, export, import, remove };
    }

    /// <summary>The API key that owns private dashboards: the file's first line, else $PMOFLOW_API_KEY, else none.</summary>
    internal static string? Key(string? keyFile)
    {
        try
        {
            return ServerHost.ResolveApiKey(keyFile, "127.0.0.1");
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    internal static Option<string?> KeyFile() => new("--api-key-file")
    {
        Description = $"File whose first line is the API key owning private dashboards (default: ${ServerHost.ApiKeyVariable}).",
    };
}
