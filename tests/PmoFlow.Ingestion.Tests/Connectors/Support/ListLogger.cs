using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PmoFlow.Ingestion.Tests.Connectors.Support;

/// <summary>Captures every log line (all levels) so tests can search them.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                Lines.Enqueue($"  {key}={value}");
            }
        }
    }

    public string All => string.Join('\n', Lines);
}
