using PmoFlow.Storage.Embedded;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Embedded;

public sealed class InstanceLayoutTests
{
    private static readonly EmbeddedPostgresOptions Options = new() { RootDataDirectory = "/var/lib/pmoflow" };

    [Fact]
    public void For_NotRoot_ServerLivesInHome()
    {
        var layout = InstanceLayout.For("/home/ann/.local/share/pmoflow", Options, isRoot: false);
        Assert.Equal("/home/ann/.local/share/pmoflow", layout.InstanceDirectory);
        Assert.Equal("/home/ann/.local/share/pmoflow/pgdata", layout.DataDirectory);
        Assert.Equal("/home/ann/.local/share/pmoflow/run/.s.PGSQL.5432", layout.SocketPath);
        Assert.Null(layout.ServiceUser);
    }

    [Fact]
    public void For_RootWithHomeUnderTmp_ServerLivesInHomeAsPostgres()
    {
        var home = TestPostgres.NewThrowawayHome();
        var layout = InstanceLayout.For(home, Options, isRoot: true);
        Assert.Equal(home, layout.InstanceDirectory);
        Assert.Equal("postgres", layout.ServiceUser);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void For_RootWithHomeBehindPrivateFolder_ServerMovesToRootDataDirectoryByHash()
    {
        var top = TestPostgres.NewThrowawayHome();
        Directory.CreateDirectory(top, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var home = Path.Combine(top, "pmoflow");
            var layout = InstanceLayout.For(home, Options, isRoot: true);
            Assert.StartsWith("/var/lib/pmoflow/", layout.InstanceDirectory, StringComparison.Ordinal);
            Assert.Equal(16, Path.GetFileName(layout.InstanceDirectory).Length);
            Assert.Equal(home, layout.Home);
            // Stable: the same home always maps to the same folder; another home to another.
            Assert.Equal(layout, InstanceLayout.For(home, Options, isRoot: true));
            Assert.NotEqual(layout.InstanceDirectory, InstanceLayout.For(home + "2", Options, isRoot: true).InstanceDirectory);
        }
        finally
        {
            Directory.Delete(top, recursive: true);
        }
    }

    [Theory]
    [InlineData(86, true)] // 86 + "/run/.s.PGSQL.5432" (18) = 104 bytes
    [InlineData(89, true)] // 107 bytes: the limit itself
    [InlineData(90, false)] // 108 bytes
    public void CanUseUnixSocket_SocketPathLength_FollowsKernelLimit(int homeLength, bool expected)
    {
        var home = "/" + new string('h', homeLength - 1);
        Assert.Equal(expected, InstanceLayout.For(home, Options, isRoot: false).CanUseUnixSocket);
    }

    [Fact]
    public void CanUseUnixSocket_HomeWithSpace_FallsBackToTcp()
    {
        Assert.False(InstanceLayout.For("/home/ann/my data", Options, isRoot: false).CanUseUnixSocket);
    }
}
