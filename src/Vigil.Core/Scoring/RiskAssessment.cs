namespace Vigil.Core.Scoring;

/// <summary>
/// The engine's answer for one event or request: a 0..100 score, its level, and the factors behind it,
/// strongest first. A value type with its factors inline: producing one allocates nothing.
/// </summary>
public readonly struct RiskAssessment
{
    private readonly FactorList _factors;

    internal RiskAssessment(int score, FactorList factors, float identityRisk)
    {
        Score = score;
        Level = RiskFusion.LevelOf(score);
        _factors = factors;
        IdentityRisk = identityRisk;
    }

    /// <summary>0 (no evidence of risk) to 100.</summary>
    public int Score { get; }

    /// <summary>The fused risk before rounding, in [0, 1]: finer than <see cref="Score"/>, for ranking (ROC curves).</summary>
    public double Probability { get; init; }

    /// <summary>The supervised family's calibrated probability of compromise, 0..1 (0 when the family is off or has no model).</summary>
    public double SupervisedProbability { get; init; }

    /// <summary>The shadow model's probability (<see cref="Engine.VigilEngineOptions.ShadowModel"/>), recorded and never used in the score; 0 without one.</summary>
    public double ShadowProbability { get; init; }

    /// <summary>
    /// With an impossible-travel factor, the key of the jump's two networks (either direction), which confirming the
    /// alert safe teaches to the identity (<see cref="Engine.VigilEngine.PatternOf(in Telemetry.TelemetryEvent, in RiskAssessment, System.Span{ulong})"/>); 0 otherwise.
    /// </summary>
    public ulong TravelPair { get; init; }

    /// <summary>The band the score falls in.</summary>
    public RiskLevel Level { get; }

    /// <summary>The identity's accumulated risk after this event, 0..1 (decays over time).</summary>
    public float IdentityRisk { get; }

    /// <summary>How many factors contributed.</summary>
    public int FactorCount => _factors.Count;

    /// <summary>Factor <paramref name="index"/>, strongest first.</summary>
    public RiskFactor Factor(int index) => _factors[index];

    /// <summary>True when <paramref name="code"/> is among the factors.</summary>
    public bool Has(ReasonCode code)
    {
        for (int i = 0; i < _factors.Count; i++)
        {
            if (_factors[i].Code == code)
            {
                return true;
            }
        }

        return false;
    }
}
