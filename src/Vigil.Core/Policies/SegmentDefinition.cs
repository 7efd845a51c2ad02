using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>A micro-segment: a set of resources with a sensitivity, the rules that grant access to it, and its risk bands.</summary>
public sealed record SegmentDefinition
{
    /// <summary>Unique name, carried on decisions.</summary>
    public required string Name { get; init; }

    /// <summary>What the segment holds.</summary>
    public string? Description { get; init; }

    /// <summary>Which resources belong here.</summary>
    public required ResourceMatch Match { get; init; }

    /// <summary>How much misuse would hurt; decides the default risk bands.</summary>
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Medium;

    /// <summary>Monitor or enforce; the document's default when null.</summary>
    public RolloutMode? Mode { get; init; }

    /// <summary>How decisions here combine with an upstream PDP's answer; the document's default when null.</summary>
    public UpstreamCombining? Upstream { get; init; }

    /// <summary>Device posture and authentication strength required.</summary>
    public Requirements Requirements { get; init; } = Requirements.None;

    /// <summary>Risk bands; the sensitivity's defaults when null.</summary>
    public RiskBands? Bands { get; init; }

    /// <summary>Rules granting (or denying) actions.</summary>
    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    /// <summary>Where the segment starts in its file, for messages.</summary>
    public SourcePosition Position { get; init; }
}
