namespace PmoFlow.Streams.Configuration;

/// <summary>A configuration error that names the file, the line and the key at fault.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, string key, string problem)
        : base($"{file}:{line}: {key}: {problem}")
    {
        File = file;
        Line = line;
        Key = key;
        Problem = problem;
    }

    public ConfigException()
    {
        File = Key = Problem = string.Empty;
    }

    public ConfigException(string message)
        : base(message)
    {
        File = Key = Problem = string.Empty;
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = Key = Problem = string.Empty;
    }

    /// <summary>The configuration file.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the offending value.</summary>
    public int Line { get; }

    /// <summary>The key path, e.g. <c>streams[0].stages[2].category</c>.</summary>
    public string Key { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
