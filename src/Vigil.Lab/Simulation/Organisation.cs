namespace Vigil.Lab.Simulation;

/// <summary>The simulated company: its identities and resources.</summary>
internal sealed partial class Organisation
{
    public required HumanProfile[] Humans { get; init; }

    public required WorkloadProfile[] Workloads { get; init; }

    public required AgentProfile[] Agents { get; init; }

    public required IReadOnlyList<Resource> Resources { get; init; }

    /// <summary>Destinations outside the company used to send data out (attacks only).</summary>
    public required Resource[] ExternalDrops { get; init; }

    public required Dictionary<string, Resource> ResourceById { get; init; }

    public Resource Resource(string id) => ResourceById[id];
}
