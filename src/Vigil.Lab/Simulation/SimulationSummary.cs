namespace Vigil.Lab.Simulation;

/// <summary>What a simulation run wrote.</summary>
public sealed record SimulationSummary
{
    /// <summary>Events written to the stream.</summary>
    public required long Events { get; init; }

    /// <summary>Events that carry <c>labels.attack_type</c>.</summary>
    public required long AttackEvents { get; init; }

    /// <summary>Human identities in the organisation.</summary>
    public required int Humans { get; init; }

    /// <summary>Workload identities (service principals, API keys).</summary>
    public required int Workloads { get; init; }

    /// <summary>AI agent identities.</summary>
    public required int Agents { get; init; }

    /// <summary>Resources (apps, APIs, databases, file shares, admin consoles, agent tools).</summary>
    public required int Resources { get; init; }

    /// <summary>Timestamp of the first event, null when nothing was written.</summary>
    public DateTimeOffset? FirstEvent { get; init; }

    /// <summary>Timestamp of the last event, null when nothing was written.</summary>
    public DateTimeOffset? LastEvent { get; init; }

    /// <summary>Every planned campaign with its ground truth, in attack id order.</summary>
    public required IReadOnlyList<SimulatedCampaign> Campaigns { get; init; }

    /// <summary>Paths of the IP list files written, empty when <see cref="SimulationOptions.IpListDirectory"/> is null.</summary>
    public required IReadOnlyList<string> IpListFiles { get; init; }
}
