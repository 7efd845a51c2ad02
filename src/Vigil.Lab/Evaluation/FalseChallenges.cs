namespace Vigil.Lab.Evaluation;

/// <summary>
/// Legitimate access the active policy challenged (step-up, limit or deny), broken down by the strongest reason and by
/// identity: where an analyst starts when tuning away noise. Identities are counted up to
/// <see cref="MaxIdentities"/> distinct ones; the rest are summed under <see cref="OtherIdentities"/>.
/// </summary>
public sealed class FalseChallenges
{
    /// <summary>Distinct identities counted by name.</summary>
    public const int MaxIdentities = 200_000;

    /// <summary>The key for a challenge that carried no risk reason (the segment's own rule challenged it).</summary>
    public const string NoReason = "(no risk reason: the segment's rule)";

    /// <summary>Challenges by the strongest reason code.</summary>
    public Dictionary<string, long> ByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Challenges by identity.</summary>
    public Dictionary<string, long> ByIdentity { get; } = new(StringComparer.Ordinal);

    /// <summary>Challenges of identities beyond <see cref="MaxIdentities"/>.</summary>
    public long OtherIdentities { get; private set; }

    /// <summary>All challenges counted.</summary>
    public long Total { get; private set; }

    internal void Add(string? strongestReason, string identity)
    {
        Total++;
        string reason = strongestReason ?? NoReason;
        ByReason[reason] = ByReason.GetValueOrDefault(reason) + 1;
        if (ByIdentity.TryGetValue(identity, out long count))
        {
            ByIdentity[identity] = count + 1;
        }
        else if (ByIdentity.Count < MaxIdentities)
        {
            ByIdentity[identity] = 1;
        }
        else
        {
            OtherIdentities++;
        }
    }
}
