using System.Text;

namespace Vigil.Core.Supervised;

/// <summary>
/// A trained ensemble of regression trees (gradient boosting, exported from ML.NET FastTree or LightGBM by
/// <c>vigil model train</c>) and its calibration, evaluated by Vigil's own code: a walk down each tree over flat arrays,
/// no allocation, no native library. Immutable and safe to share between engines and threads.
/// </summary>
public sealed class SupervisedModel
{
    private const int Magic = 0x5447_4256; // "VBGT" little-endian
    private const int FormatVersion = 1;

    /// <summary>Limits a model file must respect, so a hostile file cannot exhaust memory or time.</summary>
    public const int MaxTrees = 5_000;

    /// <summary>Most internal nodes across all trees.</summary>
    public const int MaxNodes = 1_000_000;

    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly float[] _leaves;

    /// <summary>
    /// Builds a model from flat arrays. Tree <c>t</c> starts at node <c>roots[t]</c>; a node sends a feature value
    /// &lt;= its threshold left, else right; a child index &lt; 0 is the leaf <c>~child</c>. A child node's index is
    /// always greater than its parent's (so every walk ends). Throws <see cref="InvalidDataException"/> naming the
    /// first problem.
    /// </summary>
    public SupervisedModel(string name, int schemaVersion, int featureCount, double bias, double plattSlope, double plattOffset,
        int[] roots, int[] feature, float[] threshold, int[] left, int[] right, float[] leaves, IsotonicCalibration? calibration = null)
    {
        Name = name;
        SchemaVersion = schemaVersion;
        FeatureCount = featureCount;
        Bias = bias;
        PlattSlope = plattSlope;
        PlattOffset = plattOffset;
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _leaves = leaves;
        Calibration = calibration;
        Check();
    }


    /// <summary>A name for people and the model store (e.g. "starter-2026-12-07").</summary>
    public string Name { get; }

    /// <summary>The feature layout the model was trained on.</summary>
    public int SchemaVersion { get; }

    /// <summary>Features the model reads.</summary>
    public int FeatureCount { get; }

    /// <summary>Trees in the ensemble.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Internal (split) nodes across all trees.</summary>
    public int NodeCount => _feature.Length;

    internal double Bias { get; }

    /// <summary>Platt scaling of the raw score: p = 1 / (1 + exp(slope * raw + offset)) (ML.NET's convention).</summary>
    internal double PlattSlope { get; }

    internal double PlattOffset { get; }

    /// <summary>Calibration on labels (isotonic regression), applied after Platt scaling when present.</summary>
    internal IsotonicCalibration? Calibration { get; }

    internal ReadOnlySpan<int> Roots => _roots;

    internal ReadOnlySpan<int> SplitFeatures => _feature;

    internal ReadOnlySpan<float> Thresholds => _threshold;

    internal ReadOnlySpan<int> LeftChildren => _left;

    internal ReadOnlySpan<int> RightChildren => _right;

    internal ReadOnlySpan<float> Leaves => _leaves;

    /// <summary>The starter model shipped with Vigil, trained on the lab's labelled stream (docs/supervised.md says how to reproduce it).</summary>
    public static SupervisedModel Starter => LazyStarter.Value;

    private static readonly Lazy<SupervisedModel> LazyStarter = new(() =>
    {
        using var stream = typeof(SupervisedModel).Assembly.GetManifestResourceStream("Vigil.Core.Supervised.starter-model.bin")
            ?? throw new InvalidOperationException("The starter model is not embedded in Vigil.Core.");
        return Read(stream);
    });

    /// <summary>The raw ensemble output (sum of leaves plus bias) for <paramref name="x"/>.</summary>
    public double Raw(ReadOnlySpan<float> x)
    {
        if (x.Length < FeatureCount)
        {
            throw new ArgumentException($"The model reads {FeatureCount} features; {x.Length} given.", nameof(x));
        }

        double sum = Bias;
        var feature = _feature;
        var threshold = _threshold;
        var left = _left;
        var right = _right;
        foreach (int root in _roots)
        {
            int node = root;
            while (node >= 0)
            {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            sum += _leaves[~node];
        }

        return sum;
    }

    /// <summary>The leaf reached from <paramref name="node"/> (a node index, or a leaf as ~index) for <paramref name="x"/>.</summary>
    internal float WalkFrom(int node, ReadOnlySpan<float> x)
    {
        while (node >= 0)
        {
            node = x[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        }

        return _leaves[~node];
    }

    /// <summary>The calibrated probability of compromise for a raw output.</summary>
    public double ProbabilityOf(double raw)
    {
        double p = 1.0 / (1.0 + Math.Exp((PlattSlope * raw) + PlattOffset));
        return Calibration is { } calibration ? calibration.Map(p) : p;
    }

    /// <summary>The calibrated probability of compromise for <paramref name="x"/>.</summary>
    public double Probability(ReadOnlySpan<float> x) => ProbabilityOf(Raw(x));

    /// <summary>A copy with <paramref name="calibration"/> applied after Platt scaling (null removes it).</summary>
    public SupervisedModel WithCalibration(IsotonicCalibration? calibration, string? name = null) =>
        new(name ?? Name, SchemaVersion, FeatureCount, Bias, PlattSlope, PlattOffset, _roots, _feature, _threshold, _left, _right, _leaves, calibration);

    /// <summary>Writes the model in Vigil's binary format (little-endian; see docs/supervised.md).</summary>
    public void Write(Stream destination)
    {
        using var w = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Name);
        w.Write(SchemaVersion);
        w.Write(FeatureCount);
        w.Write(Bias);
        w.Write(PlattSlope);
        w.Write(PlattOffset);
        w.Write(_roots.Length);
        w.Write(_feature.Length);
        w.Write(_leaves.Length);
        foreach (int v in _roots)
        {
            w.Write(v);
        }

        for (int i = 0; i < _feature.Length; i++)
        {
            w.Write((ushort)_feature[i]);
            w.Write(_threshold[i]);
            w.Write(_left[i]);
            w.Write(_right[i]);
        }

        foreach (float v in _leaves)
        {
            w.Write(v);
        }

        IsotonicCalibration.Write(w, Calibration);
    }

    /// <summary>Reads a model written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static SupervisedModel Read(Stream source)
    {
        try
        {
            using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            if (r.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a Vigil model file (bad magic number).");
            }

            int version = r.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Model format version {version} is not supported (this build reads {FormatVersion}).");
            }

            string name = r.ReadString();
            int schema = r.ReadInt32();
            int featureCount = r.ReadInt32();
            double bias = r.ReadDouble();
            double slope = r.ReadDouble();
            double offset = r.ReadDouble();
            int trees = r.ReadInt32();
            int nodes = r.ReadInt32();
            int leaves = r.ReadInt32();
            if (trees is < 1 or > MaxTrees || nodes is < 0 or > MaxNodes || leaves < 1 || leaves != nodes + trees || featureCount is < 1 or > ushort.MaxValue)
            {
                throw new InvalidDataException($"Model size out of range: {trees} trees (1..{MaxTrees}), {nodes} nodes (0..{MaxNodes}), {leaves} leaves (nodes + trees), {featureCount} features.");
            }

            var roots = new int[trees];
            for (int i = 0; i < trees; i++)
            {
                roots[i] = r.ReadInt32();
            }

            var feature = new int[nodes];
            var threshold = new float[nodes];
            var left = new int[nodes];
            var right = new int[nodes];
            for (int i = 0; i < nodes; i++)
            {
                feature[i] = r.ReadUInt16();
                threshold[i] = r.ReadSingle();
                left[i] = r.ReadInt32();
                right[i] = r.ReadInt32();
            }

            var leafValues = new float[leaves];
            for (int i = 0; i < leaves; i++)
            {
                leafValues[i] = r.ReadSingle();
            }

            var calibration = IsotonicCalibration.Read(r);
            return new SupervisedModel(name, schema, featureCount, bias, slope, offset, roots, feature, threshold, left, right, leafValues, calibration);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The model file is truncated.");
        }
    }

    private void Check()
    {
        if (!double.IsFinite(Bias) || !double.IsFinite(PlattSlope) || !double.IsFinite(PlattOffset))
        {
            throw new InvalidDataException("The model's bias and calibration must be finite numbers.");
        }

        int nodes = _feature.Length;
        if (_threshold.Length != nodes || _left.Length != nodes || _right.Length != nodes)
        {
            throw new InvalidDataException("The model's node arrays differ in length.");
        }

        foreach (float leaf in _leaves)
        {
            if (!float.IsFinite(leaf))
            {
                throw new InvalidDataException("A leaf value of the model is not a finite number.");
            }
        }

        foreach (int root in _roots)
        {
            if (root >= nodes || (root < 0 && ~root >= _leaves.Length))
            {
                throw new InvalidDataException($"A tree root ({root}) points outside the model.");
            }
        }

        for (int n = 0; n < nodes; n++)
        {
            if ((uint)_feature[n] >= (uint)FeatureCount)
            {
                throw new InvalidDataException($"Node {n} splits on feature {_feature[n]}; the model has {FeatureCount}.");
            }

            // Children after their parent: no cycles, so every walk ends.
            foreach (int child in (ReadOnlySpan<int>)[_left[n], _right[n]])
            {
                if (child >= 0 ? child <= n || child >= nodes : ~child >= _leaves.Length)
                {
                    throw new InvalidDataException($"Node {n} has a child ({child}) outside the model or before it.");
                }
            }
        }
    }
}
