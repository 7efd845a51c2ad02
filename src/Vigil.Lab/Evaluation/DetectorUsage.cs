namespace Vigil.Lab.Evaluation;

/// <summary>How often a reason code fired on attack and on benign events, and how much it contributed.</summary>
public sealed class DetectorUsage(string code)
{
    /// <summary>The reason code, e.g. VG1002.</summary>
    public string Code { get; } = code;

    /// <summary>Attack events on which it fired.</summary>
    public long AttackHits { get; internal set; }

    /// <summary>Benign events on which it fired.</summary>
    public long BenignHits { get; internal set; }

    /// <summary>Sum of its contributions on attack events.</summary>
    public double AttackContribution { get; internal set; }

    /// <summary>Sum of its contributions on benign events.</summary>
    public double BenignContribution { get; internal set; }

    /// <summary>Attack events per attack type on which it fired.</summary>
    public Dictionary<string, long> HitsByType { get; } = new(StringComparer.Ordinal);
}
