namespace Vigil.Lab.Evaluation;

/// <summary>One attack campaign: caught when any of its events was stepped up, limited or denied by the active policy.</summary>
public sealed class CampaignOutcome(string id, string type, long firstMs)
{
    /// <summary><c>labels.attack_id</c>.</summary>
    public string Id { get; } = id;

    /// <summary><c>labels.attack_type</c>.</summary>
    public string Type { get; } = type;

    /// <summary>Time of its first event.</summary>
    public long FirstEventMs { get; } = firstMs;

    /// <summary>Its events.</summary>
    public long Events { get; internal set; }

    /// <summary>Its events the policy challenged.</summary>
    public long Challenged { get; internal set; }

    /// <summary>Time of the first challenged event, 0 when never caught.</summary>
    public long FirstCaughtMs { get; internal set; }

    /// <summary>Whether it was caught.</summary>
    public bool Caught => FirstCaughtMs != 0;

    /// <summary>From its first event to the first catch.</summary>
    public TimeSpan? TimeToCatch => Caught ? TimeSpan.FromMilliseconds(FirstCaughtMs - FirstEventMs) : null;
}
