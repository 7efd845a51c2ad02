namespace Vigil.Core.Decisions;

/// <summary>Why the policy decided as it did (VG20xx codes, docs/reason-codes.md).</summary>
public enum PolicyReason : ushort
{
    /// <summary>Not decided by a policy document (risk thresholds only).</summary>
    None = 0,
    /// <summary>A rule granted the action and the risk was within the permit band.</summary>
    Granted = 2000,
    /// <summary>No segment covers the resource: denied (least privilege).</summary>
    NoSegment = 2001,
    /// <summary>No rule of the segment grants the action to this subject: denied.</summary>
    NoRuleGrants = 2002,
    /// <summary>A deny rule applies.</summary>
    DeniedByRule = 2003,
    /// <summary>A condition failed to evaluate: denied, never granted.</summary>
    ConditionError = 2004,
    /// <summary>The device does not meet the segment's posture requirement.</summary>
    DeviceRequirement = 2005,
    /// <summary>The session's authentication is weaker than the segment requires: step up.</summary>
    AuthenticationRequirement = 2006,
    /// <summary>Risk in the step-up band.</summary>
    RiskStepUp = 2007,
    /// <summary>Risk in the limit band: only the limited actions are allowed.</summary>
    RiskLimit = 2008,
    /// <summary>Risk in the deny band.</summary>
    RiskDeny = 2009,
    /// <summary>Not an access attempt (posture report, sign-out): nothing is granted, so denied (never a permit).</summary>
    NotAnAccess = 2010,
    /// <summary>Deciding failed (an internal error in assessing or deciding): denied, never granted.</summary>
    DecisionError = 2011,
    /// <summary>The upstream PDP Vigil is composed with denied the access.</summary>
    UpstreamDenied = 2012,
    /// <summary>The upstream PDP did not answer in time, answered an error, or its circuit is open: denied (fail closed).</summary>
    UpstreamUnavailable = 2013,
}
