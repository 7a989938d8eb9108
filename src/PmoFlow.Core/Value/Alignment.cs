namespace PmoFlow.Core.Value;

/// <summary>An initiative's strategic alignment and its main objective.</summary>
/// <param name="Score">Σ normalised weight × contribution ÷ contribution scale, in [0, 1].</param>
/// <param name="PrimaryObjectiveId">The objective with the largest weighted contribution (ties: first in the objectives list); null when it contributes to none.</param>
public sealed record AlignmentScore(double Score, string? PrimaryObjectiveId);

/// <summary>Alignment score = Σ_o (w_o ÷ Σ w) × (c_o ÷ scale).</summary>
/// <remarks>
/// Weights are normalised by their sum so the score does not depend on the weights' unit (3/1/1 and 60/20/20 give the
/// same score); contributions are divided by the contribution scale, so the score is in [0, 1]: 1 means the initiative
/// contributes fully to every objective. An objective the initiative does not list contributes nothing. Pure and
/// thread-safe.
/// </remarks>
public static class Alignment
{
    /// <summary>Scores one initiative; null when the portfolio has no objectives. Inputs must be valid.</summary>
    public static AlignmentScore? Score(IReadOnlyList<StrategicObjective> objectives, Initiative initiative, double contributionScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(initiative);
        if (objectives.Count == 0)
        {
            return null;
        }

        var totalWeight = objectives.Sum(o => o.Weight);
        if (totalWeight <= 0 || contributionScale <= 0)
        {
            throw new ArgumentException("Objective weights must sum to more than zero and the contribution scale must be positive.");
        }

        var contributions = new Dictionary<string, double>(initiative.Contributions, StringComparer.OrdinalIgnoreCase);
        var score = 0.0;
        string? primary = null;
        var best = 0.0;
        foreach (var o in objectives)
        {
            if (!contributions.TryGetValue(o.Id, out var c))
            {
                continue;
            }

            var part = o.Weight / totalWeight * (c / contributionScale);
            score += part;
            if (part > best)
            {
                best = part;
                primary = o.Id;
            }
        }

        return new AlignmentScore(score, primary);
    }
}
