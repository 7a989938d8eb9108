using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Browser;

/// <summary>The browser tests of this assembly share one chromium (xunit collections live in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "server-chromium";
}
