using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PmoFlow.Server.Security;

/// <summary>
/// Login sessions of the dashboard: the login page hands a browser a random token (256 bits) in the cookie, never the
/// API key itself, so a leaked cookie does not reveal the key and ends with the session (12 hours, or a restart).
/// </summary>
/// <remarks>Thread-safe; in memory only. At most 10,000 sessions are kept (the oldest go first).</remarks>
public sealed class Sessions(TimeProvider clock)
{
    /// <summary>How long a session lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const int MaxSessions = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    /// <summary>Starts a session and returns its token.</summary>
    public string Start()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        if (_expiries.Count >= MaxSessions)
        {
            foreach (var old in _expiries.OrderBy(e => e.Value).Take(_expiries.Count - MaxSessions + 1))
            {
                _expiries.TryRemove(old.Key, out _);
            }
        }

        _expiries[token] = now + Lifetime;
        return token;
    }

    /// <summary>Whether <paramref name="token"/> is a live session.</summary>
    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token) || !_expiries.TryGetValue(token, out var expiry))
        {
            return false;
        }

        if (expiry > clock.GetUtcNow())
        {
            return true;
        }

        _expiries.TryRemove(token, out _);
        return false;
    }
}
