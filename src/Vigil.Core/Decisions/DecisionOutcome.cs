namespace Vigil.Core.Decisions;

/// <summary>What the enforcement point is told to do.</summary>
public enum DecisionOutcome : byte
{
    /// <summary>Allow.</summary>
    Permit,
    /// <summary>Allow after a stronger or fresher authentication (RFC 9470 <c>acr_values</c>, <c>max_age</c>).</summary>
    StepUp,
    /// <summary>Allow a narrower grant (read-only, for example).</summary>
    Limit,
    /// <summary>Refuse.</summary>
    Deny,
}
