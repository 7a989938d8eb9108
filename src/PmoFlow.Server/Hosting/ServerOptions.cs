using Npgsql;
using PmoFlow.Streams.Configuration;

namespace PmoFlow.Server.Hosting;

/// <summary>How the web dashboard and REST API run: what they read, where they listen, who may call them.</summary>
/// <remarks>Immutable. The data source is owned by the caller (it outlives the app).</remarks>
public sealed record ServerOptions
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 5080;

    /// <summary>The configuration: streams and sources.</summary>
    public required PmoFlowConfig Config { get; init; }

    /// <summary>The database holding the events.</summary>
    public required NpgsqlDataSource DataSource { get; init; }

    /// <summary>The address to bind (default 127.0.0.1). Anything but a loopback address needs <see cref="ApiKey"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port (default 5080; 0 picks a free one).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// The API key every request except <c>/health</c>, <c>/login</c> and <c>/assets/*</c> must carry (header
    /// <c>X-Api-Key</c>, or the cookie the login page sets); null: no key (allowed on loopback only).
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>How long a stream's data and analyses are served from memory before they are read again (default 60 s).</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock ("now" for every figure).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Worker threads of Monte Carlo forecasts (null: all cores).</summary>
    public int? ForecastParallelism { get; init; }
}
