using System.Text.RegularExpressions;

namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>Reads RFC 8288 <c>Link</c> headers (GitHub's and GitLab's pagination).</summary>
internal static partial class LinkHeader
{
    /// <summary>The URL with <c>rel="next"</c>, or null.</summary>
    public static Uri? Next(HttpFetch fetch)
    {
        var header = fetch.Header("Link");
        if (header is null)
        {
            return null;
        }

        foreach (Match m in Entry().Matches(header))
        {
            if (m.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.Ordinal))
            {
                return Uri.TryCreate(m.Groups["url"].Value, UriKind.Absolute, out var url) ? url : null;
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<url>[^>]+)>\\s*;\\s*rel=\"(?<rel>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Entry();
}
