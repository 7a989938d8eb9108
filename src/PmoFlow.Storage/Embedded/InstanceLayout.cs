using System.Security.Cryptography;
using System.Text;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// The files of one embedded server: data, socket, launcher lock, client registry and the keep marker.
/// </summary>
/// <param name="Home">The PmoFlow home folder the server belongs to.</param>
/// <param name="InstanceDirectory">The folder holding everything below (the home folder itself unless root moved it).</param>
/// <param name="ServiceUser">The user the server runs as (null: this process's user).</param>
public sealed record InstanceLayout(string Home, string InstanceDirectory, string? ServiceUser)
{
    /// <summary>The longest unix socket path the kernel accepts (sun_path is 108 bytes with its terminator).</summary>
    public const int MaxSocketPathBytes = 107;

    /// <summary>The port number in the socket file's name when the server listens on a unix socket.</summary>
    public const int SocketPort = 5432;

    /// <summary>The PostgreSQL data directory.</summary>
    public string DataDirectory => Path.Combine(InstanceDirectory, "pgdata");

    /// <summary>Where initdb writes before the result is renamed to <see cref="DataDirectory"/>.</summary>
    public string PendingDataDirectory => Path.Combine(InstanceDirectory, "pgdata.init");

    /// <summary>The folder holding the server's unix socket and its log.</summary>
    public string RunDirectory => Path.Combine(InstanceDirectory, "run");

    /// <summary>The server's log file.</summary>
    public string LogFile => Path.Combine(RunDirectory, "postgres.log");

    /// <summary>The exclusive lock taken around start and stop.</summary>
    public string LockFile => Path.Combine(InstanceDirectory, "launcher.lock");

    /// <summary>One file per live client process.</summary>
    public string ClientsDirectory => Path.Combine(InstanceDirectory, "clients");

    /// <summary>Present while <c>pmoflow db start</c> asked the server to keep running.</summary>
    public string KeepMarker => Path.Combine(InstanceDirectory, "keep");

    /// <summary>The unix socket file's path.</summary>
    public string SocketPath => Path.Combine(RunDirectory, $".s.PGSQL.{SocketPort}");

    /// <summary>
    /// True when the socket path fits the kernel's limit and needs no quoting in server options;
    /// otherwise the server listens on a free loopback TCP port instead.
    /// </summary>
    public bool CanUseUnixSocket =>
        Encoding.UTF8.GetByteCount(SocketPath) <= MaxSocketPathBytes
        && !RunDirectory.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or ',' or '\\');

    /// <summary>
    /// Decides where the server of <paramref name="home"/> lives. Not root: inside the home folder. Root: PostgreSQL
    /// must run as <see cref="EmbeddedPostgresOptions.ServiceUser"/>, which must be able to walk down to its data;
    /// inside the home folder when every folder above it is world-searchable (e.g. under /tmp), else under
    /// <see cref="EmbeddedPostgresOptions.RootDataDirectory"/>/HASH, HASH naming the home path
    /// (root's home, /root, is mode 700, and loosening it is not PmoFlow's call).
    /// </summary>
    public static InstanceLayout For(string home, EmbeddedPostgresOptions options, bool isRoot)
    {
        home = Path.GetFullPath(home);
        if (!isRoot)
        {
            return new InstanceLayout(home, home, null);
        }

        if (AncestorsSearchableByOthers(home))
        {
            return new InstanceLayout(home, home, options.ServiceUser);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(home)))[..16];
        return new InstanceLayout(home, Path.Combine(options.RootDataDirectory, hash), options.ServiceUser);
    }

    /// <summary>True when every existing folder from / down to <paramref name="path"/> lets others search it.</summary>
    internal static bool AncestorsSearchableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            // Folders not made yet are created by the launcher with mode 755.
            if (!OperatingSystem.IsWindows() && dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
