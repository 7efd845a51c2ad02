namespace Vigil.Lab.Evaluation;

/// <summary>What the replayed analyst of <see cref="FeedbackReplay"/> does with the alerts it takes.</summary>
public enum FeedbackMode
{
    /// <summary>No analyst: the engine as it runs without feedback.</summary>
    None,

    /// <summary>Attack alerts are confirmed compromised, benign ones confirmed safe (the alerted pattern is learned).</summary>
    Learn,

    /// <summary>
    /// The control: the same alerts, attack ones confirmed compromised, benign ones dismissed (risk closes, nothing is
    /// learned), so any difference from <see cref="Learn"/> is what confirm_safe teaches.
    /// </summary>
    DismissOnly,
}
