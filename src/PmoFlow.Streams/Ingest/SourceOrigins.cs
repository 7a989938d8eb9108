using PmoFlow.Storage;

namespace PmoFlow.Streams.Ingest;

/// <summary>
/// A source name holds one file's data: importing another file under a name that already holds data of a different
/// file is refused (two data sets would merge silently), unless the caller asks to replace the source's data.
/// </summary>
public sealed class SourceConflictException(string message) : Exception(message);

/// <summary>The one rule for a CSV source's origin (used by <c>import csv</c>, <c>ingest</c> and <c>demo</c>).</summary>
public static class SourceOrigins
{
    /// <summary>
    /// Claims <paramref name="source"/> for the events file <paramref name="origin"/> before an import: a new source,
    /// a source with no recorded origin or no data, or the same file, is claimed; another file's data is deleted first
    /// when <paramref name="replace"/> is set, else <see cref="SourceConflictException"/> names both files.
    /// </summary>
    /// <returns>What was removed to make room, or null.</returns>
    public static async Task<RemovedSource?> ClaimAsync(SourceCatalog catalog, string source, string kind, string origin, bool replace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var stored = await catalog.FindAsync(source, ct);
        RemovedSource? removed = null;
        if (stored is { Origin: { } previous } && !SameFile(previous, origin) && (stored.Events > 0 || stored.Items > 0))
        {
            if (!replace)
            {
                throw new SourceConflictException(
                    $"source '{source}' already holds {stored.Events:N0} events imported from {previous}; {origin} is another file. " +
                    $"Pass --replace to delete the source's data and import this file, or import it under another source name.");
            }

            removed = await catalog.RemoveAsync(source, ct);
        }

        await catalog.SetOriginAsync(source, kind, origin, ct);
        return removed;
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
