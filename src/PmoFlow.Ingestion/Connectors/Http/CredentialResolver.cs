namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>Reads a secret named by configuration: an environment variable or a file, never the file itself.</summary>
/// <remarks>Error messages name the variable or file, never the value.</remarks>
public static class CredentialResolver
{
    /// <summary>Returns the secret from <paramref name="envName"/> (first) or <paramref name="filePath"/>.</summary>
    /// <param name="envName">An environment variable name, or null.</param>
    /// <param name="filePath">A file path, or null.</param>
    /// <param name="what">What the secret is, for error messages (e.g. <c>source 'jira' token</c>).</param>
    /// <exception cref="InvalidOperationException">Neither is configured, the variable is empty or the file is missing.</exception>
    public static string Resolve(string? envName, string? filePath, string what)
    {
        if (!string.IsNullOrWhiteSpace(envName))
        {
            var value = Environment.GetEnvironmentVariable(envName);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"The {what} is read from the environment variable {envName}, which is not set.");
            }

            Core.Security.Redactor.Register(value.Trim());
            return value.Trim();
        }

        if (!string.IsNullOrWhiteSpace(filePath))
        {
            if (!File.Exists(filePath))
            {
                throw new InvalidOperationException($"The {what} is read from the file {filePath}, which does not exist.");
            }

            var value = File.ReadAllText(filePath).Trim();
            if (value.Length == 0)
            {
                throw new InvalidOperationException($"The {what} file {filePath} is empty.");
            }

            Core.Security.Redactor.Register(value);
            return value;
        }

        throw new InvalidOperationException($"No {what} is configured: set tokenEnv (an environment variable name) or tokenFile (a file path).");
    }
}
