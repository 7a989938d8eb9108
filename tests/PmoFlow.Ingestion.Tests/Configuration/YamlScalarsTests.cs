using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Ingestion.Tests.Configuration;

/// <summary>
/// The one set of YAML value rules: the stream configuration and the portfolio file read the same text the same way
/// (they used to differ on <c>null</c>, on <c>1_000</c> and on quoted values).
/// </summary>
public class YamlScalarsTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("~", true)]
    [InlineData("null", true)]
    [InlineData("Null", true)]
    [InlineData("NULL", true)]
    [InlineData("nULL", false)]
    [InlineData("'null'", false)]
    [InlineData("\"~\"", false)]
    [InlineData("0", false)]
    public void IsNull_FollowsTheCoreSchemaAndKeepsQuotedText(string yaml, bool expected)
    {
        var value = Scalar(yaml);
        Assert.Equal(expected, YamlScalars.IsNull(value));
    }

    [Theory]
    [InlineData("12", 12.0)]
    [InlineData("1_250.5", 1250.5)]
    [InlineData(" 0.08 ", 0.08)]
    [InlineData("-3e2", -300.0)]
    public void TryNumber_AcceptsDotDecimalsAndDigitSeparators(string text, double expected)
    {
        Assert.True(YamlScalars.TryNumber(text, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("0,08")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("12 days")]
    public void TryNumber_RejectsCommasNonFiniteAndUnits(string text) => Assert.False(YamlScalars.TryNumber(text, out _));

    [Fact]
    public void StreamConfig_AndPortfolio_ReadDigitSeparatorsAlike()
    {
        var config = ConfigLoader.Parse("""
            streams:
              - name: delivery
                sle: 1_2
                stages:
                  - { name: Doing, category: active, statuses: [Doing], wipLimit: 1_000 }
                  - { name: Done, category: done, statuses: [Done] }
            """, "pmoflow.yaml");
        Assert.Equal(12, config.Stream("delivery").Definition.SleDays);
        Assert.Equal(1000, config.Stream("delivery").Definition.Workflow.Stages[0].WipLimit);

        var portfolio = PortfolioYamlLoader.Load(new StringReader("""
            objectives:
              - { id: O1, weight: 1_2 }
            initiatives:
              - { id: I1, contributions: { O1: 1 }, link: { epics: [E1] } }
            """), "portfolio.yaml");
        Assert.Equal(12, portfolio.Portfolio.Objectives[0].Weight);
    }

    [Fact]
    public void StreamConfig_PlainNullIsAbsent_LikeThePortfolioFile()
    {
        // `sle: null` used to be read as the text "null" (and then failed as "not a number"); it is the empty value.
        var config = ConfigLoader.Parse("""
            streams:
              - name: delivery
                sle: null
                stages:
                  - { name: Doing, category: active, statuses: [Doing] }
                  - { name: Done, category: done, statuses: [Done] }
            """, "pmoflow.yaml");
        Assert.Null(config.Stream("delivery").Definition.SleDays);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            streams:
              - name: delivery
                sle: "null"
                stages:
                  - { name: Done, category: done, statuses: [Done] }
            """, "pmoflow.yaml"));
        Assert.Equal("pmoflow.yaml:3: streams[0].sle: 'null' is not a number", ex.Message);
    }

    private static YamlNode Scalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("v: " + yaml));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
    }
}
