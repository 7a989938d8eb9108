namespace PmoFlow.Reporting.Board;

/// <summary>Links from a board card to the item in its tracker, from a URL template.</summary>
public static class TrackerLinks
{
    /// <summary>
    /// A link maker for a template such as <c>https://issues.apache.org/jira/browse/{key}</c>: <c>{key}</c> is replaced
    /// by the item's key, percent-encoded. Only absolute http and https templates are accepted, so a tracker's text can
    /// never turn a card into a <c>javascript:</c> link.
    /// </summary>
    /// <exception cref="ArgumentException">The template is not an absolute http(s) URL or has no <c>{key}</c>.</exception>
    public static Func<string, string?> FromTemplate(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        var t = template.Trim();
        if (!t.Contains("{key}", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{template}' has no {{key}} placeholder.", nameof(template));
        }

        if (!Uri.TryCreate(t.Replace("{key}", "KEY", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{template}' is not an absolute http or https URL.", nameof(template));
        }

        return key => t.Replace("{key}", Uri.EscapeDataString(key), StringComparison.Ordinal);
    }

    /// <summary>The Jira link of an issue: <c>{baseUrl}/browse/{key}</c>.</summary>
    public static Func<string, string?> Jira(string baseUrl) => FromTemplate(baseUrl.TrimEnd('/') + "/browse/{key}");
}
