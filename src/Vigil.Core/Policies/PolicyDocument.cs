using Vigil.Core.Decisions;

namespace Vigil.Core.Policies;

/// <summary>
/// A policy as written by a security team (YAML or JSON; docs/policies.md): segments of resources, each with who may
/// do what under which CEL condition, device and authentication requirements, risk bands and a rollout mode.
/// Least privilege: what no rule grants is denied.
/// </summary>
public sealed record PolicyDocument
{
    /// <summary>The author's version label, carried on every decision.</summary>
    public required string Version { get; init; }

    /// <summary>What the policy is for.</summary>
    public string? Description { get; init; }

    /// <summary>Rollout mode of segments that do not set their own.</summary>
    public RolloutMode DefaultMode { get; init; } = RolloutMode.Monitor;

    /// <summary>How segments that do not set their own combine with an upstream PDP (none: Vigil decides alone).</summary>
    public UpstreamCombining DefaultUpstream { get; init; }

    /// <summary>Segments, matched in order: the first whose match fits the resource decides.</summary>
    public required IReadOnlyList<SegmentDefinition> Segments { get; init; }

    /// <summary>Attributes of subjects and resources written in the policy file itself (more can come from data files).</summary>
    public PolicyData Data { get; init; } = PolicyData.Empty;
}
