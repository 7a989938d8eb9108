using System.Diagnostics;

namespace PmoFlow.Reporting.Rendering;

/// <summary>
/// Prints the self-contained HTML report to PDF with headless chromium (Debian's <c>/usr/bin/chromium</c>), charts
/// included: the report's ECharts are drawn by the browser's JavaScript exactly as on screen, with the report's own
/// print stylesheet.
/// </summary>
/// <remarks>
/// Why chromium and not a .NET PDF library: the charts exist only as ECharts options that JavaScript turns into SVG;
/// the one PDF library served here (PDFsharp 6.2.4) draws primitives and would need every chart redrawn in C#, and
/// QuestPDF/MigraDoc are not served. The browser is found at <c>$PMOFLOW_CHROMIUM</c>, then <c>/usr/bin/chromium</c>,
/// <c>/usr/bin/chromium-browser</c>, <c>/usr/bin/google-chrome</c>. Each print runs one browser process with its
/// own throwaway profile, no network, and a time limit. Thread-safe.
/// </remarks>
public static class ChromiumPdf
{
    /// <summary>The environment variable naming the browser executable.</summary>
    public const string EnvironmentVariable = "PMOFLOW_CHROMIUM";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser that prints, or null when none is installed.</summary>
    public static string? FindBrowser(Func<string, string?>? environment = null)
    {
        var configured = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Prints an HTML file to a PDF file (written to a temporary name, then moved into place).</summary>
    /// <exception cref="InvalidOperationException">No browser is installed, or it failed or did not finish within <paramref name="timeout"/>.</exception>
    public static async Task PrintAsync(string htmlPath, string pdfPath, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(htmlPath);
        ArgumentException.ThrowIfNullOrEmpty(pdfPath);
        var browser = FindBrowser() ?? throw new InvalidOperationException(
            $"No headless chromium to print the PDF: install it (apt-get install chromium) or set {EnvironmentVariable}.");
        var profile = Directory.CreateTempSubdirectory("pmoflow-pdf-").FullName;
        var temp = pdfPath + ".tmp-" + Environment.ProcessId;
        try
        {
            var info = new ProcessStartInfo(browser)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", "--no-default-browser-check", "--no-pdf-header-footer",
                         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=15000",
                         "--user-data-dir=" + profile, "--print-to-pdf=" + temp, new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                     })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{browser} did not start.");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"{browser} did not finish printing {Path.GetFileName(htmlPath)} in time.");
            }

            if (process.ExitCode != 0 || !File.Exists(temp) || !StartsWithPdfHeader(temp))
            {
                var detail = (await stderr.ConfigureAwait(false)).Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim();
                throw new InvalidOperationException($"{browser} could not print {Path.GetFileName(htmlPath)} (exit code {process.ExitCode}){(detail is null ? "." : ": " + detail)}");
            }

            File.Move(temp, pdfPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
            TryDelete(profile);
        }
    }

    /// <summary>Prints HTML (the report's bytes) and returns the PDF's bytes.</summary>
    public static async Task<byte[]> PrintAsync(ReadOnlyMemory<byte> html, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var dir = Directory.CreateTempSubdirectory("pmoflow-pdf-in-").FullName;
        try
        {
            var htmlPath = Path.Combine(dir, "report.html");
            var pdfPath = Path.Combine(dir, "report.pdf");
            await File.WriteAllBytesAsync(htmlPath, html.ToArray(), ct).ConfigureAwait(false);
            await PrintAsync(htmlPath, pdfPath, timeout, ct).ConfigureAwait(false);
            return await File.ReadAllBytesAsync(pdfPath, ct).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private static bool StartsWithPdfHeader(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[5];
        return f.Read(head) == 5 && head.SequenceEqual("%PDF-"u8);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A browser child still holding the profile: the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
