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

/// <summary>Which renderings of a report to write.</summary>
[Flags]
public enum ReportFormats
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The self-contained HTML page.</summary>
    Html = 1,

    /// <summary>The Markdown summary.</summary>
    Markdown = 2,

    /// <summary>The whole model as JSON.</summary>
    Json = 4,

    /// <summary>One CSV file per table.</summary>
    Csv = 8,

    /// <summary>Every format.</summary>
    All = Html | Markdown | Json | Csv,
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
        var written = await WriteAsync(model, directory, ReportFormats.All, baseName, cancellationToken).ConfigureAwait(false);
        return new ReportFiles(written[0], written[1], written[2], [.. written.Skip(3)]);
    }

    /// <summary>
    /// Writes the chosen renderings of <paramref name="model"/> into <paramref name="directory"/> (created if missing)
    /// and returns the full paths written, in the order HTML, Markdown, JSON, then the CSV files in table order.
    /// </summary>
    /// <param name="model">The report.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="formats">The renderings to write (at least one).</param>
    /// <param name="baseName">The file name (without extension) of the HTML, Markdown and JSON files; letters, digits, '-' and '_' only.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public static async Task<IReadOnlyList<string>> WriteAsync(
        ReportModel model, string directory, ReportFormats formats, string baseName = "report", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if ((formats & ReportFormats.All) == ReportFormats.None)
        {
            throw new ArgumentException("Choose at least one format.", nameof(formats));
        }

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
        var written = new List<string>();
        if (formats.HasFlag(ReportFormats.Html))
        {
            var html = Path.Combine(directory, baseName + ".html");
            await WriteAtomicallyAsync(html, HtmlReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);
            written.Add(html);
        }

        if (formats.HasFlag(ReportFormats.Markdown))
        {
            var markdown = Path.Combine(directory, baseName + ".md");
            await WriteAtomicallyAsync(markdown, MarkdownReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);
            written.Add(markdown);
        }

        if (formats.HasFlag(ReportFormats.Json))
        {
            var json = Path.Combine(directory, baseName + ".json");
            await WriteAtomicallyAsync(json, JsonReportRenderer.Render(model), Utf8, cancellationToken).ConfigureAwait(false);
            written.Add(json);
        }

        if (formats.HasFlag(ReportFormats.Csv))
        {
            foreach (var table in model.AllTables())
            {
                var path = Path.Combine(directory, table.Id + ".csv");
                await WriteAtomicallyAsync(path, CsvTableRenderer.Render(table), Utf8Bom, cancellationToken).ConfigureAwait(false);
                written.Add(path);
            }
        }

        return written;
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
