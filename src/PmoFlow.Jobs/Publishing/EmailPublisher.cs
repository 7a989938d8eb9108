using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Jobs.Publishing;

/// <summary>
/// Sends a report by SMTP (MailKit) over STARTTLS or TLS: the subject is the report's title, the body its headline
/// figures (an HTML summary with a plain-text alternative, every tracker string escaped), and the full report is
/// attached as <c>report.html</c> and, when enabled, <c>report.pdf</c> (<see cref="ChromiumPdf"/>).
/// </summary>
/// <remarks>
/// The delivery's dedupe key is the message's <c>Message-ID</c>. The ledger row stays locked while the message is
/// sent and is marked delivered in the same transaction: a worker killed before the server's final "250" leaves
/// no message (an SMTP server keeps a message only once it answered the end of its data) and the row pending, so the
/// next run sends it once. Only a kill between that "250" and the commit can repeat it, with the same Message-ID.
/// Credentials come from the environment or files at delivery time and are never logged.
/// </remarks>
public sealed class EmailPublisher(EmailPublisherConfig config, SecretResolver secrets) : IReportPublisher
{
    /// <inheritdoc />
    public string Name => config.Name;

    /// <inheritdoc />
    public async Task<string> PublishAsync(RenderedReport report, DeliveryContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(context);
        var message = await BuildAsync(report, context.DedupeKey, ct);
        using var client = new SmtpClient { Timeout = (int)config.Timeout.TotalMilliseconds };
        if (config.CertificateFile is { } pem)
        {
            var pinned = LoadCertificate(pem);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(pinned.GetCertHash()));
        }

        try
        {
            await client.ConnectAsync(config.Host, config.Port, config.Security == SmtpSecurity.Tls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls, ct);
            if (Username() is { } user)
            {
                await client.AuthenticateAsync(user, Password(), ct);
            }

            var answer = await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return string.Create(CultureInfo.InvariantCulture, $"{config.SafeDescription}: {Trim(answer)}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException
                                       or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The message is MailKit's (server replies, socket errors): it never holds a credential.
            throw new DeliveryFailedException($"email '{config.Name}' ({config.SafeDescription}): {ex.GetType().Name}: {Trim(ex.Message)}");
        }
    }

    /// <summary>The message for a report (public for tests and previews).</summary>
    public async Task<MimeMessage> BuildAsync(RenderedReport report, string dedupeKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var message = new MimeMessage
        {
            Subject = report.Title,
            MessageId = MessageId(dedupeKey),
        };
        message.From.Add(MailboxAddress.Parse(config.From));
        foreach (var to in config.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        var body = new BodyBuilder { TextBody = PlainSummary(report), HtmlBody = HtmlSummary(report) };
        var html = report.Files.FirstOrDefault(f => f.Name == "report.html");
        if (html is not null)
        {
            body.Attachments.Add("report.html", html.Content.ToArray(), ContentType.Parse("text/html; charset=utf-8"));
            if (config.AttachPdf)
            {
                byte[] pdf;
                try
                {
                    pdf = await ChromiumPdf.PrintAsync(html.Content, null, ct);
                }
                catch (InvalidOperationException ex)
                {
                    throw new DeliveryFailedException($"email '{config.Name}': the PDF could not be printed: {ex.Message} (set attachPdf: false to send without it)");
                }

                body.Attachments.Add("report.pdf", pdf, ContentType.Parse("application/pdf"));
            }
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The summary shown in the mail: the title and each headline line, HTML-escaped.</summary>
    public static string HtmlSummary(RenderedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: sans-serif\"><h1 style=\"font-size: 1.2em\">");
        sb.Append(TextEscaping.Html(report.Title)).Append("</h1><ul>");
        foreach (var line in report.Highlights)
        {
            sb.Append("<li>").Append(TextEscaping.Html(line)).Append("</li>");
        }

        sb.Append("</ul><p>The full report is attached (report.html");
        return sb.Append(report.Files.Any(f => f.Name == "report.html") ? ", report.pdf when printed" : string.Empty)
            .Append(").</p></body></html>").ToString();
    }

    private static string PlainSummary(RenderedReport report) =>
        report.Title + "\n\n" + string.Join("\n", report.Highlights.Select(h => "- " + h)) + "\n\nThe full report is attached.\n";

    private static string MessageId(string dedupeKey)
    {
        var safe = new string([.. dedupeKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]);
        return safe + "@pmoflow";
    }

    private string? Username() =>
        config.Username ?? (config.UsernameEnv is { } env ? secrets.FromEnvironment(env) : config.UsernameFile is { } file ? SecretResolver.FromFile(file) : null);

    private string Password() =>
        config.PasswordEnv is { } env ? secrets.FromEnvironment(env)
        : config.PasswordFile is { } file ? SecretResolver.FromFile(file)
        : throw new DeliveryFailedException($"email '{config.Name}': a username is configured without a password");

    private X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new DeliveryFailedException($"email '{config.Name}': certificate file {path} cannot be read: {ex.GetType().Name}");
        }
    }

    private static string Trim(string text)
    {
        var t = text.ReplaceLineEndings(" ").Trim();
        return t.Length <= 200 ? t : t[..200] + "…";
    }
}
