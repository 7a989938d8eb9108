using PmoFlow.Storage.Embedded;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Embedded;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly string _root = TestPostgres.NewThrowawayHome();

    [Fact]
    public void Locate_NothingInstalled_ThrowsWithEverySearchedPlace()
    {
        var error = Assert.Throws<PostgresNotFoundException>(() =>
            PostgresBinaries.Locate([Dir("path1"), Dir("path2")], [Dir("roots")]));
        Assert.Equal([Dir("path1"), Dir("path2"), Path.Combine(Dir("roots"), "*", "bin")], error.Searched);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_PathFolderMissingOneProgram_IsSkipped()
    {
        FakeInstall(Dir("partial"), "initdb", "pg_ctl");
        FakeInstall(Dir("full"), "initdb", "pg_ctl", "postgres");
        Assert.Equal(Dir("full"), PostgresBinaries.Locate([Dir("partial"), Dir("full")], []).BinDirectory);
    }

    [Fact]
    public void Locate_PathAndRootBothHoldPrograms_PathWins()
    {
        FakeInstall(Dir("path"), "initdb", "pg_ctl", "postgres");
        FakeInstall(Path.Combine(Dir("roots"), "16", "bin"), "initdb", "pg_ctl", "postgres");
        Assert.Equal(Dir("path"), PostgresBinaries.Locate([Dir("path")], [Dir("roots")]).BinDirectory);
    }

    [Fact]
    public void Locate_SeveralVersionsUnderRoot_HighestCompleteVersionWins()
    {
        FakeInstall(Path.Combine(Dir("roots"), "9.6", "bin"), "initdb", "pg_ctl", "postgres");
        FakeInstall(Path.Combine(Dir("roots"), "15", "bin"), "initdb", "pg_ctl", "postgres");
        FakeInstall(Path.Combine(Dir("roots"), "13", "bin"), "initdb", "pg_ctl", "postgres");
        // 17 is incomplete (client-only install), so 15 is the highest usable one; 15 > 13 > 9.6 numerically.
        FakeInstall(Path.Combine(Dir("roots"), "17", "bin"), "pg_ctl");
        Directory.CreateDirectory(Path.Combine(Dir("roots"), "not-a-version", "bin"));

        var found = PostgresBinaries.Locate([], [Dir("roots")]);
        Assert.Equal(Path.Combine(Dir("roots"), "15", "bin"), found.BinDirectory);
        Assert.Equal(Path.Combine(Dir("roots"), "15", "bin", "initdb"), found.Initdb);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Dir(string name) => Path.Combine(_root, name);

    private static void FakeInstall(string dir, params string[] programs)
    {
        Directory.CreateDirectory(dir);
        foreach (var p in programs)
        {
            File.WriteAllText(Path.Combine(dir, p), string.Empty);
        }
    }
}
