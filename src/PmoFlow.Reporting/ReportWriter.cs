using PmoFlow.Reporting.Model;

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
        foreach (var file in ReportRendering.Render(model, formats, baseName))
        {
            var path = Path.Combine(directory, file.Name);
            await WriteAtomicallyAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
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

/// <summary>One rendered file of a report.</summary>
/// <param name="Name">File name without folder, e.g. <c>report.md</c> or <c>cycle-time.csv</c>.</param>
/// <param name="MediaType">e.g. <c>text/markdown</c>.</param>
/// <param name="Content">The bytes (UTF-8; CSV files start with a byte-order mark, for Excel).</param>
public sealed record RenderedFile(string Name, string MediaType, ReadOnlyMemory<byte> Content);

/// <summary>
/// Renders a report into its files: <c>{name}.html</c>, <c>{name}.md</c>, <c>{name}.json</c> and one
/// <c>{table-id}.csv</c> per table. The one naming and encoding rule behind <see cref="ReportWriter"/> and the
/// publishers of the scheduled report.
/// </summary>
public static class ReportRendering
{
    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly System.Text.UTF8Encoding Utf8Bom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>The chosen renderings of <paramref name="model"/>, in the order HTML, Markdown, JSON, then the CSV files in table order.</summary>
    public static IReadOnlyList<RenderedFile> Render(ReportModel model, ReportFormats formats = ReportFormats.All, string baseName = "report")
    {
        ArgumentNullException.ThrowIfNull(model);
        var files = new List<RenderedFile>();
        if (formats.HasFlag(ReportFormats.Html))
        {
            files.Add(new RenderedFile(baseName + ".html", "text/html", Utf8.GetBytes(Rendering.HtmlReportRenderer.Render(model))));
        }

        if (formats.HasFlag(ReportFormats.Markdown))
        {
            files.Add(new RenderedFile(baseName + ".md", "text/markdown", Utf8.GetBytes(Rendering.MarkdownReportRenderer.Render(model))));
        }

        if (formats.HasFlag(ReportFormats.Json))
        {
            files.Add(new RenderedFile(baseName + ".json", "application/json", Utf8.GetBytes(Rendering.JsonReportRenderer.Render(model))));
        }

        if (formats.HasFlag(ReportFormats.Csv))
        {
            foreach (var table in model.AllTables())
            {
                files.Add(new RenderedFile(table.Id + ".csv", "text/csv", (byte[])[.. Utf8Bom.GetPreamble(), .. Utf8Bom.GetBytes(Rendering.CsvTableRenderer.Render(table))]));
            }
        }

        return files;
    }
}
