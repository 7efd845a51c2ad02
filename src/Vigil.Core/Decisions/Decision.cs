namespace Vigil.Core.Decisions;

/// <summary>A decision for one access: what is enforced, what the policy wanted, and what a step-up needs.</summary>
/// <param name="Outcome">What the enforcement point should do now (always <see cref="DecisionOutcome.Permit"/> in monitor mode).</param>
/// <param name="WouldBe">What the policy decided, enforced or not.</param>
/// <param name="Mode">Monitor or enforce.</param>
/// <param name="AcrValues">For a step-up: the authentication context class(es) needed, space-separated as in OIDC.</param>
/// <param name="MaxAgeSeconds">For a step-up: how recent the authentication must be (RFC 9470).</param>
public readonly record struct Decision(DecisionOutcome Outcome, DecisionOutcome WouldBe, RolloutMode Mode, string? AcrValues = null, int? MaxAgeSeconds = null);
