using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Streams.Configuration;
using PmoFlow.Server.Hosting;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Support;

/// <summary>One migrated database with the three test streams imported; apps are built on it per need.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-server-").FullName;
    private TestDatabase? _database;
    private PmoFlowConfig? _config;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public PmoFlowConfig Config => _config ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _config = await ServerData.ImportAsync(_dir, _database.ConnectionString, _database.DataSource);
    }

    public ServerOptions Options(string? apiKey = null, string host = "127.0.0.1", int port = 0) => new()
    {
        Config = Config,
        DataSource = Database.DataSource,
        Host = host,
        Port = port,
        ApiKey = apiKey,
        Clock = new FixedClock(ServerData.Now),
        CacheDuration = TimeSpan.FromMinutes(10),
        ForecastParallelism = 1,
    };

    /// <summary>An app on an in-memory TestServer, started.</summary>
    public async Task<WebApplication> StartTestAppAsync(string? apiKey = null)
    {
        var app = ServerHost.BuildApp(Options(apiKey), b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return app;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
