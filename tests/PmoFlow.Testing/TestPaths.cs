namespace PmoFlow.Testing;

/// <summary>Where the repository and the shared real data live, found from the test assembly's folder.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder holding PmoFlow.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>../shared/data beside the checkout. Fails (never skips) when it is missing.</summary>
    public static string SharedData
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException(
                    $"The shared test data folder {path} is missing: tests read real data from ../shared/data beside the checkout.");
            }

            return path;
        }
    }

    /// <summary>A path under ../shared/data.</summary>
    public static string Data(params string[] parts) => Path.Combine([SharedData, .. parts]);

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmoFlow.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException(
            $"Could not find PmoFlow.sln above {AppContext.BaseDirectory}.");
    }
}
