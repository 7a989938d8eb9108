using System.Text;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Reporting;

/// <summary>The files one report was written to (full paths).</summary>
/// <param name="Html">The self-contained HTML report.</param>
/// <param name="Markdown">The Markdown summary.</param>
/// <param name="Json">The whole model as JSON.</param>
/// <param name="Csv">One CSV file per table, in display order.</param>
public sealed record ReportFiles(string Html, string Markdown, string Json, IReadOnlyList<string> Csv)
{
    /// <summary>Every file written.</summary>
    public IEnumerable<string> All => new[] { Html, Markdown, Json }.Concat(Csv);
}

/// <summary>
/// Writes a report in every format into a folder: <c>{name}.html</c>, <c>{name}.md</c>, <c>{name}.json</c>
/// and one <c>{table-id}.csv</c> per table (default name "report").
/// </summary>
/// <remarks>
/// Each file is written to a temporary name beside it and then moved over the target, so a reader of the
/// folder never sees half a file. Text files are UTF-8; CSV files carry a byte-order mark for Excel.
/// Thread-safe for different folders.
/// </remarks>
public static class ReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly UTF8Encoding Utf8Bom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes all renderings of <paramref name="model"/> into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="model">The report.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="baseName">The file name (without extension) of the HTML, Markdown and JSON files; letters, digits, '-' and '_' only.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public static async Task<ReportFiles> WriteAsync(
        ReportModel model, string directory, string baseName = "report", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (baseName.Length == 0 || !baseName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{baseName}' is not a safe file name: use letters, digits, '-' and '_'.", nameof(baseName));
        }

        var duplicate = model.AllTables().GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two tables share the id '{duplicate.Key}'; each is written to its own CSV file.", nameof(model));
        }

        Directory.CreateDirectory(directory);
        var html = Path.Combine(directory, baseName + ".html");
        var markdown = Path.Combine(directory, baseName + ".md");
        var json = Path.Combine(directory, baseName + ".json");

        await WriteAtomicallyAsync(html, HtmlReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(markdown, MarkdownReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(json, JsonReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);

        var csv = new List<string>();
        foreach (var table in model.AllTables())
        {
            var path = Path.Combine(directory, table.Id + ".csv");
            await WriteAtomicallyAsync(path, CsvTableRenderer.Render(table), Utf8Bom, cancellationToken).ConfigureAwait(false);
            csv.Add(path);
        }

        return new ReportFiles(html, markdown, json, csv);
    }

    private static async Task WriteAtomicallyAsync(string path, string content, Encoding encoding, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, content, encoding, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
