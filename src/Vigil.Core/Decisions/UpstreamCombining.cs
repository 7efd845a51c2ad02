namespace Vigil.Core.Decisions;

/// <summary>
/// How Vigil's decision combines with an upstream AuthZEN PDP's answer when the service is composed in front of an
/// existing policy engine (docs/integration.md). Chosen per segment in the policy (<c>upstream:</c>).
/// </summary>
public enum UpstreamCombining
{
    /// <summary>Not composed: Vigil decides alone, the upstream is not asked.</summary>
    None = 0,

    /// <summary>
    /// The upstream decides who may do what; Vigil adds only its risk: its step-up, limit and deny bands and the
    /// segment's device and authentication requirements apply on top of an upstream permit. Vigil's own rules are
    /// not consulted for the segment.
    /// </summary>
    Authoritative = 1,

    /// <summary>Both must permit: the stricter of the two answers is enforced.</summary>
    DenyOverrides = 2,

    /// <summary>The upstream's answer is enforced; Vigil's is recorded as in monitor mode and changes nothing.</summary>
    Advisory = 3,
}
