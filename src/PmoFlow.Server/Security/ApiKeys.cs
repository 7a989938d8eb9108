using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PmoFlow.Server.Security;

/// <summary>Where the API key comes from and how it is compared.</summary>
public static class ApiKeys
{
    /// <summary>The environment variable holding the key.</summary>
    public const string EnvironmentVariable = "PMOFLOW_API_KEY";

    /// <summary>The request header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The cookie the login page sets (HttpOnly, SameSite=Strict) with a session token (never the key).</summary>
    public const string Cookie = "pmoflow_session";

    /// <summary>
    /// The key: the file's first line when <paramref name="keyFile"/> is given, else <c>PMOFLOW_API_KEY</c>; null when
    /// neither is set. Surrounding white space is dropped; the key is never logged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is missing or holds an empty or too short key.</exception>
    public static string? Resolve(string? keyFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? key;
        if (keyFile is not null)
        {
            if (!File.Exists(keyFile))
            {
                throw new InvalidOperationException($"API key file {keyFile} does not exist.");
            }

            key = File.ReadLines(keyFile).FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                throw new InvalidOperationException($"API key file {keyFile} is empty.");
            }
        }
        else
        {
            key = environment(EnvironmentVariable)?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }
        }

        if (key.Length < 16)
        {
            throw new InvalidOperationException("The API key must be at least 16 characters long.");
        }

        Core.Security.Redactor.Register(key);
        return key;
    }

    /// <summary>Compares a presented key with the expected one in constant time (for equal lengths).</summary>
    public static bool Matches(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>Whether a host name or address is loopback only (127.0.0.0/8, ::1, localhost).</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
