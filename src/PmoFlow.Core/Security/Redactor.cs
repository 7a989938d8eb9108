using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace PmoFlow.Core.Security;

/// <summary>
/// The one redactor every message, log line, stored ingest error and quarantine row passes through: it replaces the
/// secrets this process has read (tracker tokens, API key, database password), their base64 and URL-escaped forms and
/// the Authorization values built from them (e.g. basic <c>base64(email:token)</c>), and the user-info part of URLs
/// (<c>https://user:password@host</c>), with <see cref="Mask"/>.
/// </summary>
/// <remarks>
/// Process-wide and thread-safe: secrets are registered where they are read (one registry, so a connector deep inside
/// the ingest and the CLI's error printer agree). Secrets shorter than <see cref="MinimumLength"/> characters are not
/// registered (they would mask ordinary words).
/// </remarks>
public static partial class Redactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The shortest secret registered.</summary>
    public const int MinimumLength = 6;

    private static ImmutableArray<string> _secrets = [];

    /// <summary>Registers a secret and its base64 and URL-escaped forms; null, blank or short values are ignored.</summary>
    public static void Register(string? secret)
    {
        if (secret is null || secret.Trim().Length < MinimumLength)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        var base64 = Convert.ToBase64String(bytes);
        Add([secret, secret.Trim(), base64, base64.TrimEnd('='), base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'), Uri.EscapeDataString(secret)]);
    }

    /// <summary>Removes every registered secret and URL user-info from <paramref name="text"/>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        foreach (var secret in _secrets)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }

    private static void Add(IEnumerable<string> forms)
    {
        ImmutableArray<string> before, after;
        do
        {
            before = _secrets;

            // Longest first, so a secret inside a longer registered form does not leave part of the longer one.
            after = [.. before.Concat(forms.Where(f => f.Length >= MinimumLength)).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
        }
        while (ImmutableInterlocked.InterlockedCompareExchange(ref _secrets, after, before) != before);
    }

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s:@?#]+(:[^/\s@?#]*)?@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
