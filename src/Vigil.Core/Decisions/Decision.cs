namespace Vigil.Core.Decisions;

/// <summary>A decision for one access: what is enforced, what the policy wanted, why, and what a step-up or limit needs.</summary>
/// <param name="Outcome">What the enforcement point should do now (always <see cref="DecisionOutcome.Permit"/> in monitor mode).</param>
/// <param name="WouldBe">What the policy decided, enforced or not.</param>
/// <param name="Mode">Monitor or enforce.</param>
/// <param name="AcrValues">For a step-up: the authentication context class(es) needed, space-separated as in OIDC.</param>
/// <param name="MaxAgeSeconds">For a step-up: how recent the authentication must be (RFC 9470).</param>
public readonly record struct Decision(DecisionOutcome Outcome, DecisionOutcome WouldBe, RolloutMode Mode, string? AcrValues = null, int? MaxAgeSeconds = null)
{
    /// <summary>Why, as a policy reason code.</summary>
    public PolicyReason Reason { get; init; }

    /// <summary>The segment that covered the resource.</summary>
    public string? Segment { get; init; }

    /// <summary>The rule that granted or denied.</summary>
    public string? Rule { get; init; }

    /// <summary>The policy version decided with.</summary>
    public string? PolicyVersion { get; init; }

    /// <summary>For a limit: the actions still allowed.</summary>
    public IReadOnlyList<string>? LimitActions { get; init; }

    /// <summary>The error text when a condition failed (the decision is then a deny).</summary>
    public string? Error { get; init; }

    /// <summary>How this decision combines with an upstream PDP's answer (the segment's <c>upstream:</c>); none when not composed.</summary>
    public UpstreamCombining Upstream { get; init; }
}
