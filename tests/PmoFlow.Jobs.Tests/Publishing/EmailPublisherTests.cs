using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;
using Xunit.Abstractions;

namespace PmoFlow.Jobs.Tests.Publishing;

/// <summary>The e-mail publisher against a loopback SMTP server (STARTTLS, AUTH PLAIN) and a real database.</summary>
public sealed class EmailPublisherTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly PublishPeriod W13 = ReportPeriods.Parse("2026-W13", PeriodGranularity.Week, London, null);

    private static string Email(SmtpReceiver smtp, string folder, string to = "[pmo@example.org, cto@example.org]", string extra = "")
    {
        File.WriteAllText(Path.Combine(folder, "smtp.pem"), smtp.CertificatePem);
        return $$"""publish: [ { kind: email, name: pmo-mail, host: 127.0.0.1, port: {{smtp.Port.ToString(CultureInfo.InvariantCulture)}}, from: pmoflow@example.org, to: {{to}}, username: pmo, passwordEnv: SMTP_PASSWORD, certificateFile: smtp.pem{{extra}} } ]""";
    }

    [Fact]
    public async Task Publish_SamePeriodTwice_OneMessageOverStartTlsWithTheReportAndPdfAttached()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var smtp = SmtpReceiver.Start();
        smtp.ExpectedUser = "pmo";
        smtp.ExpectedPassword = "s3cret-Pa55";
        var folder = TestConfigs.NewFolder();
        var stream = Stream(Email(smtp, folder), folder);
        var service = Service(db.DataSource, env: k => k == "SMTP_PASSWORD" ? "s3cret-Pa55" : null);

        var first = await service.PublishAsync(stream, W13, CancellationToken.None);
        var second = await service.PublishAsync(stream, W13, CancellationToken.None);

        var outcome = Assert.Single(first.Outcomes);
        Assert.True(outcome.Status == "delivered", outcome.Detail);
        Assert.Equal(EmailPublisherConfig.LedgerName("pmo-mail", ["cto@example.org", "PMO@example.org"]), outcome.Publisher);
        Assert.DoesNotContain("s3cret", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal("already-delivered", Assert.Single(second.Outcomes).Status);
        var mail = Assert.Single(smtp.Messages);
        Assert.True(mail.Tls);
        Assert.Equal("pmo", mail.User);
        Assert.Equal(["pmo@example.org", "cto@example.org"], mail.To);
        Assert.Equal(DeliveryStore.DedupeKey("delivery", "2026-W13", outcome.Publisher) + "@pmoflow", mail.Message.MessageId);
        Assert.Contains("2026-W13", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("<li>Throughput", mail.Message.HtmlBody, StringComparison.Ordinal);
        var attachments = mail.Message.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? string.Empty);
        Assert.Equal(["report.html", "report.pdf"], attachments.Keys.Order());
        var pdf = Content(attachments["report.pdf"]);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains("<!DOCTYPE html>", Encoding.UTF8.GetString(Content(attachments["report.html"])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_RecipientListChanged_TheNewListGetsItsOwnDelivery()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var smtp = SmtpReceiver.Start();
        smtp.ExpectedUser = "pmo";
        smtp.ExpectedPassword = "pw";
        var folder = TestConfigs.NewFolder();
        var service = Service(db.DataSource, env: k => k == "SMTP_PASSWORD" ? "pw" : null);

        await service.PublishAsync(Stream(Email(smtp, folder, extra: ", attachPdf: false"), folder), W13, CancellationToken.None);
        var same = await service.PublishAsync(Stream(Email(smtp, folder, "[CTO@example.org, pmo@example.org]", ", attachPdf: false"), folder), W13, CancellationToken.None);
        var wider = await service.PublishAsync(Stream(Email(smtp, folder, "[pmo@example.org, cto@example.org, cfo@example.org]", ", attachPdf: false"), folder), W13, CancellationToken.None);

        Assert.Equal("already-delivered", Assert.Single(same.Outcomes).Status); // the same list in another order and case
        Assert.Equal("delivered", wider.Outcomes.Single(o => o.Publisher.StartsWith("pmo-mail[", StringComparison.Ordinal) && o.Status != "skipped").Status);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(3, smtp.Messages.Last().To.Count);
        Assert.All(smtp.Messages, m => Assert.Equal(["report.html"], m.Message.Attachments.OfType<MimePart>().Select(a => a.FileName)));
    }

    [Fact]
    public async Task Publish_WrongPassword_FailsWithoutTheSecretAndIsRetriedNextRun()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var smtp = SmtpReceiver.Start();
        smtp.ExpectedUser = "pmo";
        smtp.ExpectedPassword = "right";
        var folder = TestConfigs.NewFolder();
        var stream = Stream(Email(smtp, folder, extra: ", attachPdf: false"), folder);

        var failed = await Service(db.DataSource, env: k => k == "SMTP_PASSWORD" ? "wrong-secret" : null).PublishAsync(stream, W13, CancellationToken.None);
        var retried = await Service(db.DataSource, env: k => k == "SMTP_PASSWORD" ? "right" : null).PublishAsync(stream, W13, CancellationToken.None);

        var f = Assert.Single(failed.Outcomes);
        Assert.Equal("failed", f.Status);
        Assert.Contains("Authentication", f.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", f.Detail, StringComparison.Ordinal);
        Assert.Equal("delivered", Assert.Single(retried.Outcomes).Status);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public void HtmlSummary_HostileText_IsEscaped()
    {
        var report = new RenderedReport("s", W13, "<script>alert(1)</script> report", ["Blocked: <img src=x onerror=alert(1)>"], "md", "{}", []);
        var html = EmailPublisher.HtmlSummary(report);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; report", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ kind: email, host: h, from: a@b.c }", "to")]
    [InlineData("{ kind: email, host: h, from: a@b.c, to: [x@y.z], security: none }", "security")]
    [InlineData("{ kind: email, host: h, from: a@b.c, to: [x@y.z], username: u, password: p }", "password")]
    [InlineData("{ kind: email, host: h, from: a@b.c, to: [not-an-address] }", "to")]
    [InlineData("{ kind: email, host: h, from: a@b.c, to: [x@y.z], username: u }", "passwordEnv")]
    public void Config_BadEmailPublisher_NamesTheKey(string publisher, string key)
    {
        var ex = Assert.Throws<ConfigException>(() => Stream($"publish: [ {publisher} ]"));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("pmoflow.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerKilledMidSend_AnotherWorkerTakesOver_ExactlyOneMessageWithThePdf()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var smtp = SmtpReceiver.Start();
        smtp.ExpectedUser = "pmo";
        smtp.ExpectedPassword = "file-secret";
        smtp.StallFirstData = true;
        var folder = TestConfigs.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "smtp-password"), "file-secret\n");
        var publish = Email(smtp, folder, "[pmo@example.org]").Replace("passwordEnv: SMTP_PASSWORD", "passwordFile: smtp-password", StringComparison.Ordinal);
        var config = TestConfigs.Write(folder, TestConfigs.OneStream($$"""
            schedule: { report: "0/15 * * * * ?", snapshot: off, forecastCheck: off }
            report: { period: schedule }
            {{publish}}
            """));
        using var slow = WorkerProcess.Start(config, db.ConnectionString, "slow");
        string Diagnostics() => $"slow:\n{slow.Output}";

        // The slow worker has sent the whole first message and waits for the server's answer, which never comes.
        await Wait.UntilAsync(() => Task.FromResult(smtp.DataSeen >= 1), TimeSpan.FromSeconds(90), "the first message's data", Diagnostics);
        var pending = await Sql.RowsAsync(db.DataSource, "SELECT period_key FROM deliveries WHERE status = 'pending'");
        var period = (string)Assert.Single(pending)[0]!;

        using var rescuer = WorkerProcess.Start(config, db.ConnectionString, "rescuer");
        string Both() => $"{Diagnostics()}\nrescuer:\n{rescuer.Output}";
        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'rescuer'") == 1,
            TimeSpan.FromSeconds(30), "the rescuer to join the cluster", Both);
        slow.Kill();

        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE period_key = $1 AND status = 'delivered'", period) == 1,
            TimeSpan.FromSeconds(90), $"the killed period {period} to be delivered by the rescuer", Both);
        rescuer.Kill();
        output.WriteLine(Both());

        Assert.Equal(1, smtp.Dropped);
        var id = DeliveryStore.DedupeKey("delivery", period, EmailPublisherConfig.LedgerName("pmo-mail", ["pmo@example.org"])) + "@pmoflow";
        var forPeriod = smtp.Messages.Where(m => m.Message.MessageId == id).ToList();
        var mail = Assert.Single(forPeriod);
        Assert.Contains(mail.Message.Attachments.OfType<MimePart>(), a => a.FileName == "report.pdf");
        Assert.Equal(smtp.Messages.Count, smtp.Messages.Select(m => m.Message.MessageId).Distinct().Count()); // no period twice
    }

    private static byte[] Content(MimePart part)
    {
        using var ms = new MemoryStream();
        part.Content!.DecodeTo(ms);
        return ms.ToArray();
    }

    private static StreamJobs Stream(string extra, string? folder = null) =>
        JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(extra), folder ?? TestConfigs.NewFolder())).Streams.Single();

    private static PublishService Service(NpgsqlDataSource ds, Func<string, string?>? env = null) => new(
        ds,
        new PmoFlow.Jobs.Reports.StreamReportService(ds, TestConfigs.Parse(TestConfigs.OneStream(string.Empty))),
        new PublisherFactory(new SecretResolver(env ?? (_ => null))),
        new DeliveryStore(ds),
        new PmoFlowSchedulerOptions(),
        NullLogger<PublishService>.Instance);
}
