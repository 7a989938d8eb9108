namespace PmoFlow.Core.Value;

/// <summary>A strategic objective of the organisation, with the weight it carries in alignment scores.</summary>
/// <param name="Id">Unique id (matched case-insensitively).</param>
/// <param name="Name">Display name.</param>
/// <param name="Weight">
/// Relative weight, ≥ 0. Weights are normalised by their sum, so 3, 1 and 1 mean 60 %, 20 % and 20 %.
/// </param>
public sealed record StrategicObjective(string Id, string Name, double Weight);
