namespace PmoFlow.Storage.Embedded;

/// <summary>Where PmoFlow keeps its own files (the embedded database among them).</summary>
public static class PmoFlowHome
{
    /// <summary>
    /// <c>$PMOFLOW_HOME</c> if set, else <c>$XDG_DATA_HOME/pmoflow</c>, else <c>~/.local/share/pmoflow</c>.
    /// </summary>
    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>The same rule with an injectable environment (for tests).</summary>
    public static string Resolve(Func<string, string?> environment)
    {
        var home = environment("PMOFLOW_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }

        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.GetFullPath(Path.Combine(xdg, "pmoflow"));
        }

        var userHome = environment("HOME");
        if (string.IsNullOrWhiteSpace(userHome))
        {
            userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.GetFullPath(Path.Combine(userHome, ".local", "share", "pmoflow"));
    }
}
