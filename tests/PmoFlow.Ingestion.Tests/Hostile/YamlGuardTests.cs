using System.Text;
using PmoFlow.Core.Limits;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Forecasting;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Streams.Yaml;
using YamlDotNet.Core;

namespace PmoFlow.Ingestion.Tests.Hostile;

/// <summary>
/// Issue 19 findings 1, 2 and 9 (config size): every YAML entry point refuses deep nesting, alias amplification and
/// oversized documents with file:line and the limit's key, and a bounded fuzz of hostile documents never crashes a
/// reader (only its documented exceptions come out).
/// </summary>
public sealed class YamlGuardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-yaml-guard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Depth_AtTheLimitLoads_OneDeeperRefusedAtItsColumn()
    {
        var limits = new YamlLimits { MaxDepth = 5 };
        var stream = YamlGuard.Load("a: [[[[1]]]]", limits); // mapping + 4 lists = depth 5
        Assert.Single(stream.Documents);

        var ex = Assert.Throws<YamlLimitException>(() => YamlGuard.Load("a: [[[[[1]]]]]", limits));
        Assert.Equal(1, ex.Start.Line);
        Assert.Equal(8, ex.Start.Column); // the fifth '['
        Assert.Equal("lists and mappings are nested more than 5 deep (limits.yaml.maxDepth)", ex.Problem);
    }

    [Fact]
    public void Aliases_ExpansionCounted_RecursiveAndOffRefused()
    {
        // The anchored list is 1 sequence + 3 scalars = 4 nodes; two aliases repeat 8.
        const string doc = "a: &x [1, 2, 3]\nb: *x\nc: *x\n";
        Assert.Single(YamlGuard.Load(doc, new YamlLimits { MaxAliasNodes = 8 }).Documents);
        var over = Assert.Throws<YamlLimitException>(() => YamlGuard.Load(doc, new YamlLimits { MaxAliasNodes = 7 }));
        Assert.Equal(3, over.Start.Line);
        Assert.Contains("limits.yaml.maxAliasNodes", over.Problem, StringComparison.Ordinal);

        var off = Assert.Throws<YamlLimitException>(() => YamlGuard.Load(doc, new YamlLimits { MaxAliasNodes = 0 }));
        Assert.Equal(2, off.Start.Line);
        Assert.Contains("turned off", off.Problem, StringComparison.Ordinal);

        var recursive = Assert.Throws<YamlLimitException>(() => YamlGuard.Load("a: &x [1, *x]\n", YamlLimits()));
        Assert.Contains("no complete anchor", recursive.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BillionLaughs_RefusedQuickly()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var ex = Assert.Throws<YamlLimitException>(() => YamlGuard.Load(yaml.ToString(), YamlLimits()));
        // a0 is 11 nodes, a1 = 1 + 10 × 11 = 111, a2 = 1,111. Aliases repeat 110 (a1) + 1,110 (a2) = 1,220, then a3's
        // aliases add 1,111 each: the 8th passes 10,000 (1,220 + 8 × 1,111 = 10,108), on line 4.
        Assert.Equal(4, ex.Start.Line);
    }

    private static YamlLimits YamlLimits() => InputLimits.Default.Yaml;

    [Fact]
    public void NodeCountAndSize_Refused()
    {
        var many = "[" + string.Join(",", Enumerable.Repeat("1", 101)) + "]";
        var ex = Assert.Throws<YamlLimitException>(() => YamlGuard.Load(many, new YamlLimits { MaxNodes = 100 }));
        Assert.Contains("limits.yaml.maxNodes", ex.Problem, StringComparison.Ordinal);

        var big = Assert.Throws<YamlLimitException>(() => YamlGuard.Load(new string(' ', 101), new YamlLimits { MaxChars = 100 }));
        Assert.Equal("the document is 101 characters long; the limit is 100 (limits.yaml.maxChars)", big.Problem);
    }

    [Fact]
    public void ConfigFile_NestedBrackets_ConfigErrorWithFileLine_NotAStackOverflow()
    {
        var path = Write("pmoflow.yaml", "streams:\n  - name: x\n    stages: " + new string('[', 100_000) + "\n");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.Equal(3, ex.Line);
        Assert.Equal("(limits)", ex.Key);
        Assert.StartsWith($"{path}:3: (limits): lists and mappings are nested more than 64 deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_LargerThanTheLimit_RefusedWithoutReadingItAll()
    {
        var path = Path.Combine(_dir, "huge.yaml");
        using (var w = new StreamWriter(path))
        {
            w.Write("streams:\n");
            var stage = "  - { name: s, category: active, statuses: [a] }\n";
            for (var written = 0L; written <= InputLimits.Default.Yaml.MaxChars; written += stage.Length)
            {
                w.Write(stage);
            }
        }

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.Equal(1, ex.Line);
        Assert.Contains("limits.yaml.maxChars", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortfolioAndFeaturesFiles_NestedBrackets_LocatedErrors()
    {
        var portfolio = Write("portfolio.yaml", "initiatives: " + new string('[', 10_000));
        var pex = Assert.Throws<PortfolioFileException>(() => PortfolioYamlLoader.LoadFile(portfolio));
        var error = Assert.Single(pex.Errors);
        Assert.Equal(new SourceLocation(portfolio, 1, 77), error.Location); // the root mapping is depth 1: 13 characters of "initiatives: ", then the 64th '['
        Assert.Contains("limits.yaml.maxDepth", error.Message, StringComparison.Ordinal);

        var features = Write("features.yaml", "features: " + new string('{', 10_000));
        var fex = Assert.Throws<ConfigException>(() => ForecastFileLoader.Load(features));
        Assert.Equal((1, "(limits)"), (fex.Line, fex.Key));
    }

    [Fact]
    public void LimitsSection_ReadFromTheConfig_UnknownKeysRefused()
    {
        const string stream = "streams:\n  - name: d\n    stages: [{ name: Done, category: done, statuses: [Done] }]\n";
        var config = ConfigLoader.Parse(stream + """
            limits:
              yaml: { maxDepth: 10, maxAliasNodes: 0 }
              forecastWork: 1_000_000
              concurrentHeavyRequests: 3
              timestamps: { earliest: 2000-01-01, latest: 2100-12-31 }
              titleLength: 300
              keyLength: 50
              allowedHosts: [pmo.example.org]
            """, Path.Combine(_dir, "pmoflow.yaml"));

        var l = config.Limits;
        Assert.Equal((10, 0, InputLimits.Default.Yaml.MaxChars), (l.Yaml.MaxDepth, l.Yaml.MaxAliasNodes, l.Yaml.MaxChars));
        Assert.Equal((1_000_000L, 3, 300, 50), (l.MaxForecastWork, l.HeavyRequestSlots, l.MaxTitleLength, l.MaxKeyLength));
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), l.EarliestTimestamp);
        Assert.Equal(new DateTimeOffset(2100, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), l.LatestTimestamp);
        Assert.Equal(["pmo.example.org"], l.AllowedHosts);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(stream + "limits:\n  forecastWrok: 5\n", Path.Combine(_dir, "pmoflow.yaml")));
        Assert.Equal((5, "limits.forecastWrok"), (ex.Line, ex.Key));
        Assert.Same(InputLimits.Default, ConfigLoader.Parse(stream, Path.Combine(_dir, "pmoflow.yaml")).Limits);
    }

    /// <summary>
    /// Bounded fuzz (fixed seed, 600 documents): random mixes of brackets, braces, anchors, aliases, merge keys, tags,
    /// quotes, NULs and line breaks, through the three YAML readers. Each must answer or refuse with its documented
    /// exception; nothing else may come out (a crash, a stack overflow, an internal parser exception).
    /// </summary>
    [Fact]
    public void Fuzz_HostileDocuments_OnlyDocumentedErrors()
    {
        string[] pieces =
        [
            "[", "]", "{", "}", ", ", ": ", "\n", "\n  ", "- ", "&a ", "&b ", "*a", "*b", "<<: *a", "!!str ", "!!binary ", "? ",
            "'", "\"", "\\", "#", "|\n", ">\n", "\0", "\t", "streams", "initiatives", "features", "name", "x", "1e309", "~", "---\n", "...\n",
            "%YAML 1.2\n", "&a [*a]", "\uFEFF", "\ud800",
        ];
        var random = new Random(19);
        var file = Path.Combine(_dir, "fuzz.yaml");
        for (var n = 0; n < 600; n++)
        {
            var doc = new StringBuilder();
            var length = random.Next(1, 400);
            for (var i = 0; i < length; i++)
            {
                var piece = pieces[random.Next(pieces.Length)];
                doc.Append(random.Next(20) == 0 ? new string(piece[0], random.Next(1, 200)) : piece);
            }

            var text = doc.ToString();
            Expect<ConfigException>(() => ConfigLoader.Parse(text, "fuzz.yaml"), text);
            Expect<PortfolioFileException>(() => PortfolioYamlLoader.Load(new StringReader(text), "fuzz.yaml"), text);
            File.WriteAllBytes(file, new UTF8Encoding(false, false).GetBytes(text)); // a lone surrogate is written as U+FFFD
            Expect<ConfigException>(() => ForecastFileLoader.Load(file), text);
        }
    }

    private static void Expect<T>(Action read, string text)
        where T : Exception
    {
        try
        {
            read();
        }
        catch (T)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name}: {ex.Message} for {Escape(text)}");
        }
    }

    private static string Escape(string text) => RecordGuard.Printable(text.Length > 300 ? text[..300] : text);
}
