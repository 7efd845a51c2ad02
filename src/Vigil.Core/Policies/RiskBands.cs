using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>
/// How live risk maps to an outcome once a rule grants access: below <see cref="StepUpAt"/> permit; from it step up
/// (RFC 9470 <c>acr_values</c>, <c>max_age</c>); from <see cref="LimitAt"/> allow only <see cref="LimitActions"/>;
/// from <see cref="DenyAt"/> deny. A threshold of 101 switches that band off.
/// </summary>
public sealed record RiskBands
{
    /// <summary>Risk from which a step-up is required.</summary>
    public int StepUpAt { get; init; } = 55;

    /// <summary>Risk from which only <see cref="LimitActions"/> are allowed.</summary>
    public int LimitAt { get; init; } = 101;

    /// <summary>Risk from which access is denied.</summary>
    public int DenyAt { get; init; } = 88;

    /// <summary>Authentication context class(es) a step-up asks for, space-separated.</summary>
    public string AcrValues { get; init; } = "mfa";

    /// <summary>How recent the authentication must be after a step-up, seconds.</summary>
    public int MaxAgeSeconds { get; init; } = 900;

    /// <summary>Actions still allowed in the limit band (e.g. read).</summary>
    public IReadOnlyList<string> LimitActions { get; init; } = ["read"];

    /// <summary>The defaults for a sensitivity: the more sensitive, the less risk tolerated and the stronger the step-up.</summary>
    public static RiskBands For(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Low => new RiskBands { StepUpAt = 70, DenyAt = 92, AcrValues = "mfa", MaxAgeSeconds = 3600 },
        Sensitivity.High => new RiskBands { StepUpAt = 40, LimitAt = 65, DenyAt = 80, AcrValues = "phr", MaxAgeSeconds = 300 },
        Sensitivity.Critical => new RiskBands { StepUpAt = 25, DenyAt = 70, AcrValues = "phr", MaxAgeSeconds = 0 },
        _ => new RiskBands(),
    };
}
