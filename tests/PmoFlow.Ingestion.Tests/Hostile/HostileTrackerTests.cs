using PmoFlow.Core.Events;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PmoFlow.Core.Security;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Ingestion.Connectors.GitLab;
using PmoFlow.Ingestion.Connectors.Jira;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Storage;
using PmoFlow.Testing;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Hostile;

/// <summary>Issue 19 findings 6 and 8 against loopback trackers: echoed secrets are redacted everywhere, a garbage listing is not a success.</summary>
public sealed class HostileTrackerTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly TokenFile _token = new("tok-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => _token.Dispose();

    private async Task<string?> StoredErrorAsync(long runId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string?>("SELECT error FROM ingest_runs WHERE id = @runId", new { runId });
    }

    [Fact]
    public async Task TrackerEchoingTheAuthorizationHeader_TokenAndBasicFormRedactedInTheMessageAndTheStoredError()
    {
        const string email = "pmo@example.invalid";
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{_token.Token}"));
        await using var server = await FakeTrackerServer.StartAsync(app => app.MapGet("/{**path}", (HttpContext c) =>
            Results.Text($"proxy error; you sent Authorization: {c.Request.Headers.Authorization}; token {_token.Token}", statusCode: 502)));
        var root = server.Root.Replace("http://", "http://admin:hunter2-secret@", StringComparison.Ordinal);
        var options = new JiraSourceOptions { Name = "echo-jira", BaseUrl = root, BoardId = 1, Email = email, TokenFile = _token.Path, MaxRetries = 0 };
        var store = new EventStore(db.DataSource);
        using var connector = TrackerConnectors.Create(options);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() =>
            IngestPipeline.RunAsync(store, options.Name, connector.Kind, connector.ReadAsync(null, null, default), null, default));

        Assert.Contains("502", ex.Message, StringComparison.Ordinal); // the echo did arrive
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var (id, outcome, error) = await conn.QuerySingleAsync<(long, string, string)>(
            "SELECT id, outcome, error FROM ingest_runs WHERE source = 'echo-jira' ORDER BY id DESC LIMIT 1");
        Assert.Equal("failed", outcome);
        foreach (var text in new[] { ex.Message, error, Redactor.Redact(ex.ToString()) })
        {
            Assert.DoesNotContain(_token.Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
            Assert.Contains("Authorization: Basic ***", text, StringComparison.Ordinal);
            Assert.Contains("http://***@127.0.0.1", text, StringComparison.Ordinal);
        }

        Assert.Equal(error, await StoredErrorAsync(id));
    }

    [Fact]
    public void Redactor_UrlUserInfoAndRegisteredSecretForms()
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        Redactor.Register(secret);
        Redactor.Register("abc"); // too short to register: ordinary text stays

        Assert.Equal("Bearer ***, b64 ***, url ***, abc", Redactor.Redact(
            $"Bearer {secret}, b64 {Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))}, url {Uri.EscapeDataString(secret)}, abc"));
        Assert.Equal("see https://***@jira.example/x and postgresql://***@db:5432/p", Redactor.Redact(
            "see https://bob:pw@jira.example/x and postgresql://pmo:pa55@db:5432/p"));
        Assert.Equal("http://jira.example/a@b", Redactor.Redact("http://jira.example/a@b")); // '@' in a path is not user-info
    }

    [Fact]
    public async Task TruncatedJsonOnTheMainListing_RunFailedNotSucceeded_CursorNotAdvanced()
    {
        await using var server = await FakeTrackerServer.StartAsync(app => app.MapGet("/{**path}", () =>
            Results.Text("[{\"id\": 1, \"iid\": 1, \"title\": \"cut he", "application/json")));
        var options = new GitLabSourceOptions { Name = "garbage-gl", BaseUrl = server.Root, Project = "1", TokenFile = _token.Path, MaxRetries = 0 };
        var store = new EventStore(db.DataSource);
        using var connector = TrackerConnectors.Create(options);

        var summary = await IngestPipeline.RunAsync(store, options.Name, connector.Kind, connector.ReadAsync(null, null, default), null, default);

        Assert.Equal(IngestOutcome.Failed, summary.Outcome);
        Assert.Equal(0, summary.EventsInserted);
        Assert.Equal(1, summary.Quarantined);
        Assert.StartsWith("the listing could not be read completely (http://127.0.0.1:", summary.Error, StringComparison.Ordinal);
        Assert.Contains("Malformed JSON", summary.Error, StringComparison.Ordinal);
        Assert.Equal(summary.Error, await StoredErrorAsync(summary.RunId));
        Assert.Null(await store.GetCursorAsync("garbage-gl", default));
    }
}
