using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Limits;
using PmoFlow.Streams.Yaml;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Benchmarks.Limits;

/// <summary>
/// What the YAML guard costs: a portfolio-like document of 2,000 KPI readings (about 70 KB) loaded by YamlDotNet alone
/// and through <see cref="YamlGuard"/> (the same parse plus the depth, node and alias checks of every event).
/// </summary>
[MemoryDiagnoser]
public class YamlGuardBenchmarks
{
    private string _text = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var yaml = new System.Text.StringBuilder("initiatives:\n  - id: A\n    name: A\n    kpis:\n      - name: k\n        readings:\n");
        for (var i = 0; i < 2000; i++)
        {
            yaml.Append("          - { date: 2025-01-01, value: ").Append(i).Append(" }\n");
        }

        _text = yaml.ToString();
    }

    [Benchmark(Baseline = true)]
    public int YamlDotNetAlone()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_text));
        return stream.Documents.Count;
    }

    [Benchmark]
    public int ThroughTheGuard() => YamlGuard.Load(_text, InputLimits.Default.Yaml).Documents.Count;
}
