namespace Vigil.Lab.Training;

/// <summary>Hyper-parameters of the gradient-boosted trees; the defaults made the starter model (docs/supervised.md).</summary>
public sealed record TrainerSettings
{
    /// <summary>Seed of ML.NET's randomness. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Boosting rounds. Default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves per tree. Default 16.</summary>
    public int Leaves { get; init; } = 16;

    /// <summary>Smallest (weighted) number of examples in a leaf. Default 10.</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 10;

    /// <summary>Shrinkage of each tree. Default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;
}
