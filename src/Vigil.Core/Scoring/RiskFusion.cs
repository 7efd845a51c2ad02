namespace Vigil.Core.Scoring;

/// <summary>
/// Combines factors into one score with a noisy-OR: each factor independently "explains" a share of the risk
/// (weight x strength), so risk = 1 - product(1 - share). Two medium signals add up to more than either, but no
/// pile of weak signals reaches certainty. No factors means 0: no telemetry is neutral, not risky.
/// The supervised family (docs/supervised.md) joins as one more factor whose strength is its calibrated probability of
/// compromise and whose weight is <see cref="Engine.VigilEngineOptions.SupervisedWeight"/>: it can lift an event the
/// other families only half suspect (a takeover that copies the victim's browser) but never lowers what they found,
/// so a model that misses an attack type cannot hide it.
/// </summary>
internal static class RiskFusion
{
    /// <summary>The fused risk in [0, 1] (factors sorted strongest first as a side effect).</summary>
    public static double Combine(ref FactorList factors)
    {
        factors.SortByContribution();
        double keep = 1.0;
        for (int i = 0; i < factors.Count; i++)
        {
            keep *= 1.0 - Math.Clamp(factors[i].Contribution, 0f, 1f);
        }

        return 1.0 - keep;
    }

    public static int ToScore(double probability) => (int)Math.Round(probability * 100.0, MidpointRounding.AwayFromZero);

    public static RiskLevel LevelOf(int score) => score switch
    {
        >= 85 => RiskLevel.Critical,
        >= 65 => RiskLevel.High,
        >= 40 => RiskLevel.Medium,
        >= 20 => RiskLevel.Low,
        _ => RiskLevel.None,
    };
}
