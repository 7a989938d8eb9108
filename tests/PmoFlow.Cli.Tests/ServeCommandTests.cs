namespace PmoFlow.Cli.Tests;

/// <summary>`pmoflow serve` refuses unsafe or invalid options before it opens anything.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--host", "0.0.0.0", "exposes the server beyond this machine")]
    [InlineData("--port", "70000", "--port must be in 0..65535")]
    [InlineData("--cache-seconds", "0", "--cache-seconds must be in 1..86400")]
    [InlineData("--api-key-file", "/nonexistent/key", "does not exist")]
    public async Task Serve_BadOption_UsageErrorBeforeStarting(string option, string value, string message)
    {
        var config = CliRunner.ApacheConfig("MJAR", _dir);
        var run = await CliRunner.RunAsync("serve", "--config", config, option, value);

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
