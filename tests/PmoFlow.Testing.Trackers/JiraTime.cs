using System.Globalization;

namespace PmoFlow.Testing.Trackers;

/// <summary>Jira's timestamps (<c>2020-06-12T08:13:13.360+0800</c>), parsed independently of the connector.</summary>
public static class JiraTime
{
    public static DateTimeOffset Parse(string s) =>
        DateTimeOffset.ParseExact(s[..^2] + ":" + s[^2..], "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None)
            .ToUniversalTime();
}
