namespace Vigil.Lab.Training;

/// <summary>How a training set is drawn from a labelled stream.</summary>
public sealed record TrainingSetOptions
{
    /// <summary>Seed of the engine's randomised models (the same as the evaluation's). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Keep one legitimate row in this many, weighted by it (legitimate events outnumber attacks 1,000 to 1). Default 20.</summary>
    public int LegitimateSampling { get; init; } = 20;

    /// <summary>Attack types left out entirely (the adaptation experiment: an attack the model never saw).</summary>
    public IReadOnlySet<string> ExcludedAttackTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>At most this many labelled events of a type, the first ones in time (the adaptation experiment: N labels).</summary>
    public IReadOnlyDictionary<string, int> MaxLabelsPerType { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
