namespace Vigil.Core.Telemetry;

/// <summary>What happened to a second-factor prompt (<c>labels.mfa_result</c>).</summary>
public enum MfaResult : byte
{
    /// <summary>Not an MFA event, or not stated.</summary>
    None,
    /// <summary>The prompt was sent.</summary>
    Sent,
    /// <summary>The person approved it.</summary>
    Approved,
    /// <summary>The person denied it.</summary>
    Denied,
    /// <summary>Nobody answered in time.</summary>
    TimedOut,
}
