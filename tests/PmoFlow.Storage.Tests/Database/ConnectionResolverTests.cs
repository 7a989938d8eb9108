namespace PmoFlow.Storage.Tests.Database;

public sealed class ConnectionResolverTests
{
    [Fact]
    public void Resolve_NothingConfigured_IsEmbedded()
    {
        var resolved = ConnectionResolver.Resolve(null, "  ");
        Assert.Equal(DatabaseOrigin.Embedded, resolved.Origin);
        Assert.Null(resolved.ConnectionString);
    }

    [Fact]
    public void Resolve_ConfigOnly_UsesConfig()
    {
        var resolved = ConnectionResolver.Resolve("", "Host=db;Username=u;Database=d");
        Assert.Equal(DatabaseOrigin.ConfigFile, resolved.Origin);
        Assert.Contains("Host=db", resolved.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnvironmentAndConfig_EnvironmentWins()
    {
        var resolved = ConnectionResolver.Resolve("Host=envhost;Username=u", "Host=db;Username=u");
        Assert.Equal(DatabaseOrigin.Environment, resolved.Origin);
        Assert.Contains("Host=envhost", resolved.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgresUrl_BecomesKeywordFormWithEscapesDecoded()
    {
        var resolved = ConnectionResolver.Resolve("postgresql://ann:p%40ss@db.example:6543/flow", null);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(resolved.ConnectionString);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("ann", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("flow", builder.Database);
    }

    [Fact]
    public void SafeDescription_WithPassword_OmitsIt()
    {
        var resolved = ConnectionResolver.Resolve("Host=db;Username=u;Password=s3cret-value;Database=d", null);
        Assert.DoesNotContain("s3cret-value", resolved.SafeDescription, StringComparison.Ordinal);
        Assert.Contains("Host=db", resolved.SafeDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InvalidConnectionString_ErrorNamesOriginButNotPassword()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ConnectionResolver.Resolve("Host=db;Password=s3cret-value;NoSuchKeyword=1", null));
        Assert.Contains("PMOFLOW_DATABASE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", error.Message, StringComparison.Ordinal);
    }
}
