#pragma warning disable CA1050 // The runtime looks a startup hook up by this exact name in the global namespace.

/// <summary>
/// A .NET startup hook (DOTNET_STARTUP_HOOKS): when a child <c>pmoflow</c> process runs with this assembly as its hook
/// and <c>PMOFLOW_TEST_LOADED_ASSEMBLIES</c> names a file, the names of every assembly loaded by the end of the run
/// are written there. Only <see cref="StartupTests"/> uses it.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var file = Environment.GetEnvironmentVariable("PMOFLOW_TEST_LOADED_ASSEMBLIES");
        if (string.IsNullOrEmpty(file))
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(file, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
    }
}
