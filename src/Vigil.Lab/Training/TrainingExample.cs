namespace Vigil.Lab.Training;

/// <summary>One labelled row of the supervised family's training set (public for ML.NET's reflection).</summary>
public sealed class TrainingExample
{
    /// <summary>The engine's supervised feature vector for the event (<see cref="Core.Engine.VigilEngine.SupervisedFeatureCount"/> floats).</summary>
    public float[] Features { get; set; } = [];

    /// <summary>True for an attack event (a confirmed compromise), false for a legitimate one.</summary>
    public bool Label { get; set; }

    /// <summary>Example weight: a sampled legitimate row stands for as many rows as were skipped.</summary>
    public float Weight { get; set; } = 1f;

    /// <summary>The attack type of a positive (null for a legitimate row).</summary>
    public string? AttackType { get; set; }

    /// <summary>Event time, Unix milliseconds.</summary>
    public long TimestampMs { get; set; }
}
