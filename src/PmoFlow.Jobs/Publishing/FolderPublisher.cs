using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>
/// Writes a report's files into <c>root/stream/period-key/</c>: first into a hidden temporary folder beside it, then
/// renamed into place in one step, so a reader never sees a half-written report. A period folder that already
/// exists was completed by an earlier delivery whose outcome was not recorded (its worker died after the rename):
/// it is left as it is and counts as delivered, so a period never gets two folders.
/// </summary>
public sealed class FolderPublisher(FolderPublisherConfig config) : IReportPublisher
{
    private const string TempPrefix = ".tmp-";

    /// <inheritdoc />
    public string Name => config.Name;

    /// <summary>The folder a report of <paramref name="stream"/> for <paramref name="periodKey"/> lands in.</summary>
    public string FolderFor(string stream, string periodKey) => Path.Combine(config.Path, Safe(stream), Safe(periodKey));

    /// <inheritdoc />
    public async Task<string> PublishAsync(RenderedReport report, DeliveryContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var final = FolderFor(report.Stream, report.Period.Key);
        if (Directory.Exists(final))
        {
            return $"already in place: {final}";
        }

        var parent = Path.GetDirectoryName(final)!;
        Directory.CreateDirectory(parent);
        RemoveLeftovers(parent, Path.GetFileName(final));
        var temp = Path.Combine(parent, $"{TempPrefix}{Path.GetFileName(final)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var file in report.Files)
            {
                var path = Path.Combine(temp, Safe(file.Name));
                await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await stream.WriteAsync(file.Content, ct);
                // Durable before the rename makes it visible.
                stream.Flush(flushToDisk: true);
            }

            Directory.Move(temp, final);
            return $"written to {final}";
        }
        catch (IOException) when (Directory.Exists(final))
        {
            TryDelete(temp);
            return $"already in place: {final}";
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A name safe as one path segment: path separators, dots-only names and control characters replaced.</summary>
    public static string Safe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var invalid = Path.GetInvalidFileNameChars();
        var chars = name.Select(c => invalid.Contains(c) || c == '/' || c == '\\' || char.IsControl(c) ? '_' : c).ToArray();
        var safe = new string(chars).Trim();
        return safe.Length == 0 || safe.All(c => c == '.') ? "_" : safe;
    }

    // Temporary folders of this period left by a worker that died mid-write.
    private static void RemoveLeftovers(string parent, string finalName)
    {
        foreach (var dir in Directory.EnumerateDirectories(parent, $"{TempPrefix}{finalName}-*"))
        {
            TryDelete(dir);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
