namespace Vigil.Lab.Simulation;

/// <summary>Ground truth for one attack campaign that was written to the output.</summary>
public sealed record SimulatedCampaign
{
    /// <summary>The value of <c>labels.attack_id</c>, e.g. <c>atk-0007</c>.</summary>
    public required string AttackId { get; init; }

    /// <summary>The kind of attack.</summary>
    public required AttackType Type { get; init; }

    /// <summary>The targeted identity id, or null when the campaign has many targets (stuffing, spray).</summary>
    public string? TargetId { get; init; }

    /// <summary>Timestamp of the first attack event.</summary>
    public DateTimeOffset? FirstEvent { get; init; }

    /// <summary>Timestamp of the last attack event.</summary>
    public DateTimeOffset? LastEvent { get; init; }

    /// <summary>Number of events that carry this campaign's labels.</summary>
    public long Events { get; init; }
}
