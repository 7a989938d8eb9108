namespace PmoFlow.Testing.Trackers;

/// <summary>A token in a throwaway file, so tests never touch the process environment.</summary>
public sealed class TokenFile : IDisposable
{
    public TokenFile(string token)
    {
        Token = token;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pmoflow-token-{Guid.NewGuid():N}");
        File.WriteAllText(Path, token + "\n");
    }

    public string Token { get; }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
