namespace PmoFlow.Core.Value;

/// <summary>The strategic objectives and the initiatives that serve them.</summary>
public sealed record Portfolio
{
    /// <summary>Strategic objectives with their weights.</summary>
    public IReadOnlyList<StrategicObjective> Objectives { get; init; } = [];

    /// <summary>Initiatives.</summary>
    public IReadOnlyList<Initiative> Initiatives { get; init; } = [];

    /// <summary>
    /// The largest contribution score: 1 when contributions are fractions (default), e.g. 5 for 0..5 scores.
    /// Contributions are divided by it so alignment stays in [0, 1].
    /// </summary>
    public double ContributionScale { get; init; } = 1.0;
}
