using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PmoFlow.Benchmarks.Connectors;

/// <summary>
/// An HttpListener on a free 127.0.0.1 port that answers every request after <see cref="Latency"/> with the JSON
/// <see cref="Answer"/> gives (the benchmarks need no ASP.NET Core).
/// </summary>
public abstract class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    protected LoopbackServer(TimeSpan latency)
    {
        Latency = latency;
        var port = FreePort();
        Root = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Root + "/");
    }

    public string Root { get; }

    public TimeSpan Latency { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts listening; call it once the data the answers need is ready.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The JSON body for one request.</summary>
    protected abstract Task<string> Answer(HttpListenerRequest request);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        await Task.Delay(Latency);
        var bytes = Encoding.UTF8.GetBytes(await Answer(context.Request));
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
