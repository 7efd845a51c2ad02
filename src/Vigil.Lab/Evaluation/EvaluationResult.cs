namespace Vigil.Lab.Evaluation;

/// <summary>Everything <see cref="Evaluator"/> measured in one run; written as report.json and report.html.</summary>
public sealed class EvaluationResult
{
    /// <summary>The engine with every model family, then the reference models.</summary>
    public required IReadOnlyList<ModelMetrics> Models { get; init; }

    /// <summary>Policy version decided with.</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>Legitimate sign-ins under the active policy.</summary>
    public ChallengeCounts LegitimateSignIns { get; } = new();

    /// <summary>Legitimate access attempts of every kind under the active policy.</summary>
    public ChallengeCounts LegitimateAccess { get; } = new();

    /// <summary>Attack events under the active policy.</summary>
    public ChallengeCounts Attacks { get; } = new();

    /// <summary>Attack events per type under the active policy.</summary>
    public Dictionary<string, ChallengeCounts> AttacksByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Campaigns by attack id.</summary>
    public Dictionary<string, CampaignOutcome> Campaigns { get; } = new(StringComparer.Ordinal);

    /// <summary>Per day (UTC date): legitimate sign-ins and attack events under the policy.</summary>
    public SortedDictionary<DateOnly, (ChallengeCounts Legitimate, ChallengeCounts Attacks)> Days { get; } = [];

    /// <summary>Monitor-mode view: would-be outcomes (permit, step-up, limit, deny) per segment and day.</summary>
    public SortedDictionary<(string Segment, DateOnly Day), long[]> SegmentDays { get; } = [];

    /// <summary>Attack events the policy permitted, up to <see cref="MaxMissedPerType"/> per attack type, in time order.</summary>
    public List<MissedAttack> MissedAttacks { get; } = [];

    /// <summary>Missed attack events kept per type (the report lists them; counts are in <see cref="AttacksByType"/>).</summary>
    public const int MaxMissedPerType = 10;

    /// <summary>Legitimate access the policy challenged, by reason and identity.</summary>
    public FalseChallenges FalseChallenges { get; } = new();

    /// <summary>Reason codes on the full engine.</summary>
    public Dictionary<string, DetectorUsage> Detectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Events read, scored, rejected.</summary>
    public long Lines { get; internal set; }

    /// <summary>Events scored (access attempts and MFA prompts count toward metrics).</summary>
    public long Scored { get; internal set; }

    /// <summary>Lines rejected by the reader.</summary>
    public long Rejected { get; internal set; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Peak working set (resident set high-water mark) of the process up to the end of the run, bytes.</summary>
    public long PeakMemoryBytes { get; internal set; }

    /// <summary>The model-family table (<c>--families</c>); null when it was not measured.</summary>
    public IReadOnlyList<FamilyRow>? Families { get; internal set; }

    /// <summary>The false-challenge rates detection is reported at.</summary>
    public static IReadOnlyList<double> FalsePositiveRates { get; } = [0.001, 0.01, 0.05];
}
