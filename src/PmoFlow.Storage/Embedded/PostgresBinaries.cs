using System.Globalization;

namespace PmoFlow.Storage.Embedded;

/// <summary>The folder holding the PostgreSQL server programs PmoFlow runs.</summary>
/// <param name="BinDirectory">A folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</param>
public sealed record PostgresBinaries(string BinDirectory)
{
    /// <summary>Where Debian and Ubuntu install the server programs, one folder per major version.</summary>
    public static readonly IReadOnlyList<string> DefaultSearchRoots = ["/usr/lib/postgresql"];

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    /// <summary>Full path of <c>initdb</c>.</summary>
    public string Initdb => Path.Combine(BinDirectory, "initdb");

    /// <summary>Full path of <c>pg_ctl</c>.</summary>
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// Finds the programs: first the folders of <paramref name="pathDirectories"/> (the PATH, in order), then
    /// <c>ROOT/*/bin</c> under each of <paramref name="searchRoots"/>, highest version first.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">No folder holds all three programs.</exception>
    public static PostgresBinaries Locate(IEnumerable<string> pathDirectories, IEnumerable<string> searchRoots)
    {
        var searched = new List<string>();
        foreach (var dir in pathDirectories.Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            searched.Add(dir);
            if (HoldsAllPrograms(dir))
            {
                return new PostgresBinaries(dir);
            }
        }

        foreach (var root in searchRoots)
        {
            searched.Add(Path.Combine(root, "*", "bin"));
            if (!Directory.Exists(root))
            {
                continue;
            }

            var versions = Directory.EnumerateDirectories(root)
                .Select(d => (Dir: d, Version: ParseVersion(Path.GetFileName(d))))
                .Where(v => v.Version is not null)
                .OrderByDescending(v => v.Version);
            foreach (var (dir, _) in versions)
            {
                var bin = Path.Combine(dir, "bin");
                if (HoldsAllPrograms(bin))
                {
                    return new PostgresBinaries(bin);
                }
            }
        }

        throw new PostgresNotFoundException(searched);
    }

    /// <summary>Finds the programs on this process's PATH, then under <see cref="DefaultSearchRoots"/>.</summary>
    public static PostgresBinaries Locate() => Locate(PathDirectories(), DefaultSearchRoots);

    /// <summary>The folders of the PATH environment variable, in order.</summary>
    public static IReadOnlyList<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool HoldsAllPrograms(string dir) => Programs.All(p => File.Exists(Path.Combine(dir, p)));

    private static Version? ParseVersion(string name)
    {
        // Folders are named "15" or "9.6"; Version needs at least a minor part.
        var text = name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";
        return Version.TryParse(text, out var v) && int.TryParse(name.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? v
            : null;
    }
}
