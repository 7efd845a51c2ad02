namespace Vigil.Core.Feedback;

/// <summary>What a person says about flagged activity (semantics as in DETECTIONS.md and Entra ID Protection).</summary>
public enum FeedbackKind : byte
{
    /// <summary>A false positive: the held activity is learned, so similar activity stops counting as risky for this identity.</summary>
    ConfirmSafe,
    /// <summary>
    /// A benign true positive (a pen test), or a compromise remediated (Entra's "dismiss user risk" after a password
    /// reset): the risk closes, a confirmed compromise with it, but the activity is not learned and similar activity is still scored.
    /// </summary>
    Dismiss,
    /// <summary>An administrator confirms compromise: identity risk goes to the top and every known session is revoked.</summary>
    ConfirmCompromised,
    /// <summary>The person says the activity was not theirs: identity risk is raised and the activity is never learned.</summary>
    ReportedNotMe,
}
