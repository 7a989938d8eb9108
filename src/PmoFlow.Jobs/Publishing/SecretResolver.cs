namespace PmoFlow.Jobs.Publishing;

/// <summary>Reads secrets (webhook URLs) from the environment or from files at delivery time. Values are never logged.</summary>
/// <param name="environment">Reads an environment variable (injectable for tests).</param>
public sealed class SecretResolver(Func<string, string?> environment)
{
    /// <summary>Reads the process environment.</summary>
    public SecretResolver()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>The variable's value, trimmed.</summary>
    /// <exception cref="DeliveryFailedException">It is unset or blank (the message names the variable, not a value).</exception>
    public string FromEnvironment(string variable)
    {
        var value = environment(variable);
        return string.IsNullOrWhiteSpace(value)
            ? throw new DeliveryFailedException($"environment variable {variable} is not set")
            : value.Trim();
    }

    /// <summary>The file's content, trimmed.</summary>
    /// <exception cref="DeliveryFailedException">It is missing, unreadable or empty.</exception>
    public static string FromFile(string path)
    {
        try
        {
            var value = File.ReadAllText(path).Trim();
            return value.Length == 0 ? throw new DeliveryFailedException($"secret file {path} is empty") : value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeliveryFailedException($"secret file {path} cannot be read: {ex.GetType().Name}");
        }
    }
}
