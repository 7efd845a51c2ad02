using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Decisions;

/// <summary>
/// The first decision step: risk thresholds per resource sensitivity, with monitor or enforce mode. The more
/// sensitive the resource, the less risk it tolerates and the stronger the step-up it asks for (phishing-resistant
/// "phr" for high and critical). Events that are not access attempts (posture reports, sign-outs) are permitted.
/// </summary>
public sealed record ThresholdPolicy : IDecisionPolicy
{
    /// <summary>Bands for low-sensitivity resources.</summary>
    public RiskBand Low { get; init; } = new(StepUpAt: 70, DenyAt: 92, AcrValues: "mfa", MaxAgeSeconds: 3600);

    /// <summary>Bands for medium (and unspecified) resources.</summary>
    public RiskBand Medium { get; init; } = new(StepUpAt: 55, DenyAt: 88, AcrValues: "mfa", MaxAgeSeconds: 900);

    /// <summary>Bands for high-sensitivity resources.</summary>
    public RiskBand High { get; init; } = new(StepUpAt: 40, DenyAt: 80, AcrValues: "phr", MaxAgeSeconds: 300);

    /// <summary>Bands for critical resources.</summary>
    public RiskBand Critical { get; init; } = new(StepUpAt: 25, DenyAt: 70, AcrValues: "phr", MaxAgeSeconds: 0);

    /// <summary>Monitor (the default: record, permit) or enforce.</summary>
    public RolloutMode Mode { get; init; } = RolloutMode.Monitor;

    /// <summary>Decides for an event or request given its assessment.</summary>
    public Decision Decide(in TelemetryEvent request, in RiskAssessment assessment)
    {
        if (!request.IsAccessAttempt && request.Kind != EventKind.Mfa)
        {
            return new Decision(DecisionOutcome.Permit, DecisionOutcome.Permit, Mode);
        }

        var band = request.Sensitivity switch
        {
            Sensitivity.Low => Low,
            Sensitivity.High => High,
            Sensitivity.Critical => Critical,
            _ => Medium,
        };

        var wouldBe = assessment.Score >= band.DenyAt ? DecisionOutcome.Deny
            : assessment.Score >= band.StepUpAt ? DecisionOutcome.StepUp
            : DecisionOutcome.Permit;
        var enforced = Mode == RolloutMode.Enforce ? wouldBe : DecisionOutcome.Permit;
        return wouldBe == DecisionOutcome.StepUp
            ? new Decision(enforced, wouldBe, Mode, band.AcrValues, band.MaxAgeSeconds)
            : new Decision(enforced, wouldBe, Mode);
    }

    /// <summary>Every problem with the bands, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, band) in new[] { ("Low", Low), ("Medium", Medium), ("High", High), ("Critical", Critical) })
        {
            if (band.StepUpAt is < 0 or > 100 || band.DenyAt is < 0 or > 101 || band.StepUpAt > band.DenyAt)
            {
                errors.Add(FormattableString.Invariant($"{name}: StepUpAt ({band.StepUpAt}) and DenyAt ({band.DenyAt}) must be within 0..100 with StepUpAt <= DenyAt."));
            }

            if (band.MaxAgeSeconds < 0)
            {
                errors.Add(FormattableString.Invariant($"{name}: MaxAgeSeconds ({band.MaxAgeSeconds}) must not be negative."));
            }
        }

        return errors;
    }
}
