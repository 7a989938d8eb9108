using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PmoFlow.Jobs.Hosting;

/// <summary>How log lines are written: text for people, or one JSON object a line for collectors.</summary>
public enum LogFormat
{
    /// <summary><c>2026-01-05T10:00:00.000Z info PmoFlow.Ingest: message</c></summary>
    Text,

    /// <summary>One JSON object a line: timestamp, level, category, eventId, message, the template's fields, exception.</summary>
    Json,
}

/// <summary>
/// The logging every host uses (<c>pmoflow</c>'s commands, <c>serve</c>, <c>worker</c>, PmoFlow.Worker): Microsoft.Extensions.Logging
/// with one provider writing to a host-chosen writer (stderr, so stdout stays machine-readable), as text or JSON lines.
/// Messages come from templates whose fields are counts, names, ids and durations; secrets are never logged.
/// </summary>
public static class PmoFlowLogging
{
    /// <summary>The variable choosing the format (<c>json</c> or <c>text</c>).</summary>
    public const string FormatVariable = "PMOFLOW_LOG_FORMAT";

    /// <summary>Reads a format name (<c>text</c>, <c>json</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static LogFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new ArgumentException($"log format '{text}' is not one of text, json ({FormatVariable} or --log-format)."),
    };

    /// <summary>Reads a level name (<c>trace</c>, <c>debug</c>, <c>information</c>/<c>info</c>, <c>warning</c>/<c>warn</c>, <c>error</c>, <c>critical</c>, <c>none</c>).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static LogLevel ParseLevel(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => throw new ArgumentException($"--log-level '{text}' is not one of trace, debug, information, warning, error, critical, none."),
    };

    /// <summary>Replaces a builder's providers with PmoFlow's writer at <paramref name="level"/> (Quartz and ASP.NET's own chatter from Warning).</summary>
    public static ILoggingBuilder UsePmoFlow(this ILoggingBuilder builder, TextWriter writer, LogLevel level, LogFormat format, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ClearProviders();
        builder.SetMinimumLevel(level);
        builder.AddFilter("Quartz", (LogLevel)Math.Max((int)level, (int)LogLevel.Warning));
        builder.AddFilter("Microsoft", (LogLevel)Math.Max((int)level, (int)LogLevel.Warning));
        builder.AddProvider(new WriterLoggerProvider(writer, format, clock));
        return builder;
    }

    /// <summary>A logger factory with PmoFlow's writer (for commands that run without a host).</summary>
    public static ILoggerFactory CreateFactory(TextWriter writer, LogLevel level, LogFormat format, TimeProvider clock) =>
        LoggerFactory.Create(b => b.UsePmoFlow(writer, level, format, clock));
}

/// <summary>Writes every log entry as one line to a writer (serialised: lines never interleave).</summary>
public sealed class WriterLoggerProvider(TextWriter writer, LogFormat format, TimeProvider clock) : ILoggerProvider
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Default, Indented = false };
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        // The writer belongs to the host.
    }

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        var time = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string line;
        if (format == LogFormat.Json)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("timestamp", time);
                json.WriteString("level", level.ToString());
                json.WriteString("category", category);
                json.WriteNumber("eventId", eventId.Id);
                json.WriteString("message", message);
                if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    foreach (var (key, value) in fields)
                    {
                        if (key == "{OriginalFormat}")
                        {
                            continue;
                        }

                        WriteField(json, key, value);
                    }
                }

                if (exception is not null)
                {
                    json.WriteString("exception", exception.ToString());
                }

                json.WriteEndObject();
            }

            line = Encoding.UTF8.GetString(buffer.ToArray());
        }
        else
        {
            line = $"{time} {Short(level)} {category}: {message}{(exception is null ? string.Empty : Environment.NewLine + exception)}";
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static void WriteField(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ulong:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                break;
            case float or decimal:
                json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset o:
                json.WriteString(key, o.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case TimeSpan t:
                json.WriteNumber(key, t.TotalSeconds);
                break;
            case IFormattable f:
                json.WriteString(key, f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, value.ToString());
                break;
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(WriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
