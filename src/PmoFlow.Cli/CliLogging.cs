using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Jobs.Hosting;

namespace PmoFlow.Cli;

/// <summary>
/// The logging of one <c>pmoflow</c> run: <c>--log-level</c> and <c>--log-format</c> (default <c>$PMOFLOW_LOG_FORMAT</c>, else text),
/// lines to the run's stderr. The logger factory is made on first use, so a command that logs nothing loads nothing for it.
/// The run's settings flow to its command through an async-local scope (in-process tests run side by side).
/// </summary>
internal sealed class CliLogging(TextWriter writer, LogLevel level, string? format) : IDisposable
{
    private static readonly AsyncLocal<CliLogging?> Scope = new();
    private readonly TextWriter _writer = writer;
    private readonly LogLevel _level = level;
    private ILoggerFactory? _factory;

    /// <summary>The current run's logger factory (a null factory outside a run).</summary>
    public static ILoggerFactory Factory => Scope.Value is { } scope ? scope._factory ??= PmoFlowLogging.CreateFactory(scope._writer, scope._level, scope.Format, Commands.CommandSupport.Clock) : NullLoggerFactory.Instance;

    /// <summary>Points a host's logging (serve, worker) at the current run's writer, level and format.</summary>
    public static void Configure(ILoggingBuilder builder)
    {
        if (Scope.Value is { } scope)
        {
            builder.UsePmoFlow(scope._writer, scope._level, scope.Format, Commands.CommandSupport.Clock);
        }
    }

    private LogFormat Format => PmoFlowLogging.ParseFormat(format ?? Environment.GetEnvironmentVariable(PmoFlowLogging.FormatVariable));

    /// <summary>Makes this the current run's logging until disposed.</summary>
    public CliLogging Enter()
    {
        Scope.Value = this;
        return this;
    }

    public void Dispose()
    {
        Scope.Value = null;
        _factory?.Dispose();
    }
}
