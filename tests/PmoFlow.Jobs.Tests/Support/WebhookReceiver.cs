using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>A loopback HTTP endpoint (Kestrel on 127.0.0.1, port 0) that records calls and answers as told.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>What the next call gets: a status code, or null to never answer.</summary>
    public Func<int, int?> Answer { get; set; } = _ => 200;

    public IReadOnlyList<ReceivedCall> Calls => [.. _calls];

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{token}", async (HttpContext http, string token) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var number = receiver._calls.Count + 1;
            receiver._calls.Enqueue(new ReceivedCall(token, http.Request.Headers["Idempotency-Key"].ToString(), body));
            var status = receiver.Answer(number);
            if (status is null)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(504);
            }

            return Results.StatusCode(status.Value);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address.TrimEnd('/') + "/hook/";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedCall(string Token, string DedupeKey, string Body);
