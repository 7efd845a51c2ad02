namespace Vigil.Lab.Evaluation;

/// <summary>One simulated day of one arm of the feedback replay.</summary>
public sealed class FeedbackDay
{
    /// <summary>Benign scored events (sign-ins, MFA and access) by score bin (<see cref="ScoreHistogram.BinOf"/>): thresholds at equal detection are found on these.</summary>
    internal long[] BenignBins { get; } = new long[ScoreHistogram.Bins];

    /// <summary>
    /// Of <see cref="BenignBins"/>, the events of identities the analyst had confirmed compromised and that were not yet
    /// remediated: labelled benign, yet challenged by design until the compromise is closed.
    /// </summary>
    internal long[] UnderCompromiseBins { get; } = new long[ScoreHistogram.Bins];

    /// <summary>Benign scored events the policy challenged, by their first reason code.</summary>
    public Dictionary<string, long> FalseChallengeReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Of <see cref="FalseChallengeReasons"/>, those of identities with a benign alert acted on earlier (recurring after feedback).</summary>
    public Dictionary<string, long> RecurringReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Benign scored events and how many the policy challenged.</summary>
    public ChallengeCounts Legitimate { get; } = new();

    /// <summary>Legitimate sign-ins and how many the policy challenged (the cold-start rate).</summary>
    public ChallengeCounts LegitimateSignIns { get; } = new();

    /// <summary>Alerts (events at or above the alert level) raised this day, benign and attack.</summary>
    public long Alerts { get; internal set; }

    /// <summary>Benign alerts raised this day.</summary>
    public long BenignAlerts { get; internal set; }

    /// <summary>Benign alerts the analyst acted on at the end of the day (confirmed safe or dismissed).</summary>
    public long BenignActed { get; internal set; }

    /// <summary>Attack alerts on failed attempts the analyst took and left (the account was not entered: nothing to confirm).</summary>
    public long AttacksFailedSeen { get; internal set; }

    /// <summary>Attack alerts the analyst confirmed compromised at the end of the day.</summary>
    public long AttacksConfirmed { get; internal set; }
}
