using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Periods;
using Quartz;

namespace PmoFlow.Jobs.Configuration;

/// <summary>
/// Reads the scheduler's keys that the config loader leaves in each stream's and source's raw node:
/// stream <c>schedule</c>, <c>report</c> and <c>publish</c>; source <c>interval</c> and <c>schedule</c>.
/// Every error names the file, the line and the key path.
/// </summary>
public static class JobsConfigReader
{
    // Where unknown-key errors point users.
    private const string JobsSchema = "docs/jobs.md";

    private static readonly string[] OffWords = ["off", "none", "false", "never"];

    private static readonly Dictionary<string, PeriodGranularity> Periods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = PeriodGranularity.Day,
        ["week"] = PeriodGranularity.Week,
        ["month"] = PeriodGranularity.Month,
        ["schedule"] = PeriodGranularity.Schedule,
    };

    private static readonly Dictionary<string, WebhookFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = WebhookFormat.Json,
        ["slack"] = WebhookFormat.Slack,
        ["teams"] = WebhookFormat.Teams,
    };

    /// <summary>Reads every stream's and source's scheduler settings.</summary>
    /// <exception cref="ConfigException">A key is malformed; the message names file, line and key.</exception>
    public static JobsConfig Read(PmoFlowConfig config, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Schedules are checked to fire again after this instant.
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var streams = config.Streams.Select((s, i) => ReadStream(config, s, i, now)).ToList();
        var sources = config.Sources.Select((s, i) => ReadSource(config, s, i, now)).ToList();
        return new JobsConfig(config, streams, sources);
    }

    private static StreamJobs ReadStream(PmoFlowConfig config, StreamConfig stream, int index, DateTimeOffset now)
    {
        var node = new YamlNodeReader(config.File, $"streams[{index}]", stream.Raw, JobsSchema);
        var zone = stream.Definition.TimeZone;
        var schedule = new StreamSchedule(StreamSchedule.DefaultReport, StreamSchedule.DefaultSnapshot, StreamSchedule.DefaultForecastCheck);
        var s = node.OptionalMapping("schedule");
        if (s is not null)
        {
            schedule = new StreamSchedule(
                Cron(s, "report", StreamSchedule.DefaultReport, zone, now),
                Cron(s, "snapshot", StreamSchedule.DefaultSnapshot, zone, now),
                Cron(s, "forecastCheck", StreamSchedule.DefaultForecastCheck, zone, now));
            s.RejectUnknownKeys();
        }

        var period = PeriodGranularity.Week;
        string? dashboard = null;
        var report = node.OptionalMapping("report");
        if (report is not null)
        {
            dashboard = report.OptionalString("dashboard")?.Trim();
            if (dashboard is not null && Streams.Dashboards.DashboardRules.NameProblem(dashboard, required: true) is { } problem)
            {
                throw report.ErrorAtKey("dashboard", problem);
            }

            var p = report.OptionalString("period");
            if (p is not null && !Periods.TryGetValue(p.Trim(), out period))
            {
                throw report.ErrorAtKey("period", $"'{p}' is not one of {string.Join(", ", Periods.Keys)}");
            }

            // The report's credit line keys belong to the reporting side (ReportAttribution); only mark them known.
            _ = report.Find("attribution");
            _ = report.Find("apacheJira");
            report.RejectUnknownKeys();
        }

        if (period == PeriodGranularity.Schedule && schedule.Report is null)
        {
            throw node.ErrorAtKey("report", "period: schedule needs a report schedule (schedule.report is off)");
        }

        var publishers = new List<PublisherConfig>();
        foreach (var p in node.MappingList("publish"))
        {
            var publisher = ReadPublisher(config, p);
            if (publishers.Any(x => string.Equals(x.Name, publisher.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw p.ErrorAtKey("name", $"two publishers are named '{publisher.Name}'; give each a distinct name");
            }

            publishers.Add(publisher);
        }

        return new StreamJobs(stream, schedule, period, publishers) { Dashboard = dashboard };
    }

    private static PublisherConfig ReadPublisher(PmoFlowConfig config, YamlNodeReader p)
    {
        var kind = p.OptionalString("kind")?.Trim().ToLowerInvariant() ?? throw p.ErrorAtKey("kind", "is required: folder, webhook, database or email");
        var name = p.OptionalString("name")?.Trim() ?? kind;
        PublisherConfig result;
        switch (kind)
        {
            case "folder":
                var path = p.OptionalString("path") ?? throw p.ErrorAtKey("path", "is required for a folder publisher");
                result = new FolderPublisherConfig(name, p.Line, config.ResolvePath(path));
                break;
            case "database":
                result = new DatabasePublisherConfig(name, p.Line);
                break;
            case "webhook":
                var url = p.OptionalString("url");
                var env = p.OptionalString("secretEnv");
                var file = p.OptionalString("secretFile");
                if (env is not null && file is not null)
                {
                    throw p.ErrorAtKey("secretFile", "give either secretEnv or secretFile, not both");
                }

                if (url is null && env is null && file is null)
                {
                    throw p.ErrorAtKey("url", "a webhook needs url, secretEnv or secretFile");
                }

                if (env is null && file is null && !IsHttpUrl(url))
                {
                    throw p.ErrorAtKey("url", "is not an http(s) URL");
                }

                var formatText = p.OptionalString("format");
                var format = WebhookFormat.Json;
                if (formatText is not null && !Formats.TryGetValue(formatText.Trim(), out format))
                {
                    throw p.ErrorAtKey("format", $"'{formatText}' is not one of {string.Join(", ", Formats.Keys)}");
                }

                result = new WebhookPublisherConfig(
                    name,
                    p.Line,
                    url,
                    env,
                    file is null ? null : config.ResolvePath(file),
                    format,
                    p.OptionalDuration("timeout", TimeSpan.FromMilliseconds(100)) ?? WebhookPublisherConfig.DefaultTimeout,
                    p.OptionalInt("retries", 0, 10) ?? WebhookPublisherConfig.DefaultRetries,
                    p.OptionalDuration("retryDelay", TimeSpan.FromMilliseconds(1)) ?? WebhookPublisherConfig.DefaultRetryDelay);
                break;
            case "email":
                result = ReadEmail(config, p, p.OptionalString("name")?.Trim() ?? "email");
                break;
            default:
                throw p.ErrorAtKey("kind", $"'{kind}' is not one of folder, webhook, database, email");
        }

        p.RejectUnknownKeys();
        return result;
    }

    private static EmailPublisherConfig ReadEmail(PmoFlowConfig config, YamlNodeReader p, string name)
    {
        var host = p.OptionalString("host")?.Trim() ?? throw p.ErrorAtKey("host", "is required for an email publisher (the SMTP server)");
        var securityText = p.OptionalString("security")?.Trim().ToLowerInvariant() ?? "starttls";
        var security = securityText switch
        {
            "starttls" => SmtpSecurity.StartTls,
            "tls" => SmtpSecurity.Tls,
            _ => throw p.ErrorAtKey("security", $"'{securityText}' is not one of starttls, tls (plain text is not offered)"),
        };
        var from = p.OptionalString("from")?.Trim() ?? throw p.ErrorAtKey("from", "is required for an email publisher");
        if (!IsAddress(from))
        {
            throw p.ErrorAtKey("from", $"'{from}' is not an e-mail address");
        }

        var to = p.StringList("to");
        if (to.Count == 0)
        {
            throw p.ErrorAtKey("to", "an email publisher needs at least one recipient");
        }

        foreach (var address in to.Where(a => !IsAddress(a)))
        {
            throw p.ErrorAtKey("to", $"'{address}' is not an e-mail address");
        }

        var username = p.OptionalString("username");
        var usernameEnv = p.OptionalString("usernameEnv");
        var usernameFile = p.OptionalString("usernameFile");
        if (new[] { username, usernameEnv, usernameFile }.Count(x => x is not null) > 1)
        {
            throw p.ErrorAtKey("username", "give one of username, usernameEnv, usernameFile");
        }

        var passwordEnv = p.OptionalString("passwordEnv");
        var passwordFile = p.OptionalString("passwordFile");
        if (passwordEnv is not null && passwordFile is not null)
        {
            throw p.ErrorAtKey("passwordFile", "give either passwordEnv or passwordFile, not both");
        }

        if (p.Find("password") is not null)
        {
            throw p.ErrorAtKey("password", "is not read from the file: name it with passwordEnv or passwordFile");
        }

        var hasUser = username is not null || usernameEnv is not null || usernameFile is not null;
        if (hasUser != (passwordEnv is not null || passwordFile is not null))
        {
            throw p.ErrorAtKey(hasUser ? "passwordEnv" : "username", "a login needs both a username and a password (passwordEnv or passwordFile)");
        }

        var attach = p.OptionalString("attachPdf")?.Trim().ToLowerInvariant() switch
        {
            null or "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw p.ErrorAtKey("attachPdf", $"'{other}' is not true or false"),
        };
        var certificate = p.OptionalString("certificateFile");
        return new EmailPublisherConfig(
            EmailPublisherConfig.LedgerName(name, to),
            p.Line,
            host,
            p.OptionalInt("port", 1, 65535) ?? (security == SmtpSecurity.Tls ? 465 : 587),
            security,
            from,
            to,
            username,
            usernameEnv,
            usernameFile is null ? null : config.ResolvePath(usernameFile),
            passwordEnv,
            passwordFile is null ? null : config.ResolvePath(passwordFile),
            certificate is null ? null : config.ResolvePath(certificate),
            attach,
            p.OptionalDuration("timeout", TimeSpan.FromSeconds(1)) ?? EmailPublisherConfig.DefaultTimeout);
    }

    private static bool IsAddress(string text) => MimeKit.MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@', StringComparison.Ordinal);

    private static SourceJobs ReadSource(PmoFlowConfig config, SourceConfig source, int index, DateTimeOffset now)
    {
        var node = new YamlNodeReader(config.File, $"sources[{index}]", source.Raw, JobsSchema);
        var zone = source.TimeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(source.TimeZone);
        var intervalText = node.OptionalString("interval");
        var cronText = node.OptionalString("schedule");
        if (intervalText is not null && cronText is not null)
        {
            throw node.ErrorAtKey("schedule", "give either interval or schedule, not both");
        }

        if (intervalText is not null && IsOff(intervalText))
        {
            return new SourceJobs(source, null, null, zone);
        }

        if (cronText is not null)
        {
            return new SourceJobs(source, null, IsOff(cronText) ? null : CheckCron(node, "schedule", cronText, zone, now), zone);
        }

        var interval = node.OptionalDuration("interval", TimeSpan.FromSeconds(1)) ?? SourceJobs.DefaultInterval;
        return new SourceJobs(source, interval, null, zone);
    }

    private static string? Cron(YamlNodeReader node, string key, string fallback, TimeZoneInfo zone, DateTimeOffset now)
    {
        var text = node.OptionalString(key);
        if (text is null)
        {
            return fallback;
        }

        return IsOff(text) ? null : CheckCron(node, key, text, zone, now);
    }

    private static string CheckCron(YamlNodeReader node, string key, string text, TimeZoneInfo zone, DateTimeOffset now)
    {
        text = text.Trim();
        if (!CronExpression.TryParse(text, out var expression))
        {
            throw node.ErrorAtKey(key, $"'{text}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 7 ? * MON\")");
        }

        if (expression!.WithTimeZone(zone).GetNextValidTimeAfter(now) is null)
        {
            throw node.ErrorAtKey(key, $"'{text}' never fires again");
        }

        return text;
    }

    private static bool IsOff(string text) => OffWords.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
