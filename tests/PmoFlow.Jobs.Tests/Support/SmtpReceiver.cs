using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>One message the receiver accepted (it answered "250" to the end of its data).</summary>
/// <param name="From">MAIL FROM.</param>
/// <param name="To">RCPT TO, in order.</param>
/// <param name="User">The AUTH PLAIN login, or null.</param>
/// <param name="Tls">Whether the session had switched to TLS before MAIL FROM.</param>
/// <param name="Message">The parsed message.</param>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, bool Tls, MimeMessage Message);

/// <summary>
/// A small SMTP server on 127.0.0.1 and a free port, in-process: EHLO, STARTTLS (a self-signed certificate made at
/// start; <see cref="CertificatePem"/> lets a client pin it), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It
/// refuses MAIL before STARTTLS. With <see cref="StallFirstData"/> it never answers the first message's end of data
/// and drops it when the client goes away — what a real server does with a sender killed mid-send.
/// </summary>
internal sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _certificate;
    private readonly List<Task> _sessions = [];
    private int _dataSeen;
    private int _dropped;

    private SmtpReceiver()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        CertificatePem = cert.ExportCertificatePem();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string CertificatePem { get; }

    public string? ExpectedUser { get; set; }

    public string? ExpectedPassword { get; set; }

    public bool StallFirstData { get; set; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>Messages whose data was complete but that were never answered (the client went away): dropped.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Messages whose data has been received (answered or not).</summary>
    public int DataSeen => Volatile.Read(ref _dataSeen);

    public static SmtpReceiver Start()
    {
        var r = new SmtpReceiver();
        r._listener.Start();
        _ = r.AcceptAsync();
        return r;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            lock (_sessions)
            {
                _sessions.Add(Task.Run(() => SessionAsync(client)));
            }
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var (reader, writer) = Wrap(stream);
        var tls = false;
        string? user = null;
        string? from = null;
        var to = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 localhost PmoFlow test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync(tls ? "250-localhost\r\n250-AUTH PLAIN\r\n250 8BITMIME" : "250-localhost\r\n250-STARTTLS\r\n250 8BITMIME");
                        break;
                    case "STARTTLS":
                        await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(_certificate);
                        stream = ssl;
                        (reader, writer) = Wrap(stream);
                        tls = true;
                        break;
                    case "AUTH":
                        var parts = line.Split(' ');
                        var payload = parts.Length > 2 ? parts[2] : null;
                        if (payload is null)
                        {
                            await writer.WriteLineAsync("334 ");
                            payload = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
                        }

                        var fields = Encoding.UTF8.GetString(Convert.FromBase64String(payload)).Split('\0');
                        if (fields.Length == 3 && fields[1] == ExpectedUser && fields[2] == ExpectedPassword)
                        {
                            user = fields[1];
                            await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        }
                        else
                        {
                            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
                        }

                        break;
                    case "MAIL":
                        if (!tls)
                        {
                            await writer.WriteLineAsync("530 5.7.0 Must issue a STARTTLS command first");
                            break;
                        }

                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                        {
                            data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                        }

                        if (Interlocked.Increment(ref _dataSeen) == 1 && StallFirstData)
                        {
                            // Never answer: wait for the sender to go away, then drop the message.
                            while (await reader.ReadLineAsync(_stop.Token) is not null)
                            {
                            }

                            Interlocked.Increment(ref _dropped);
                            return;
                        }

                        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())));
                        Messages.Enqueue(new ReceivedMail(from ?? string.Empty, [.. to], user, tls, message));
                        await writer.WriteLineAsync($"250 2.0.0 OK queued as {Messages.Count}");
                        break;
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away (or the test ended).
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    private static (StreamReader Reader, StreamWriter Writer) Wrap(Stream stream) =>
        (new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true),
            new StreamWriter(stream, Encoding.Latin1, 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\r\n" });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _certificate.Dispose();
        _stop.Dispose();
    }
}
