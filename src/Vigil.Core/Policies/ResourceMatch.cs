namespace Vigil.Core.Policies;

/// <summary>
/// Which resources a segment covers: any of the types (empty = all), any of the id patterns (empty = all; <c>*</c>
/// matches within one path segment, <c>**</c> across segments), and every listed property equal.
/// </summary>
public sealed record ResourceMatch
{
    /// <summary>Resource types (AuthZEN <c>resource.type</c>, ECS <c>labels.resource_type</c>).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Glob patterns over resource ids.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Sensitivities the request states (<c>labels.resource_sensitivity</c>); empty = any.</summary>
    public IReadOnlyList<string> Sensitivities { get; init; } = [];

    /// <summary>Properties that must be equal (string comparison).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Matches everything: the catch-all segment.</summary>
    public static ResourceMatch All { get; } = new();
}
