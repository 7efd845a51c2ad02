using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Core.Statistics;

/// <summary>
/// Streaming half-space trees anomaly detector (Tan, Ting &amp; Liu, "Fast Anomaly Detection for Streaming Data",
/// IJCAI 2011) over <c>d</c> numeric features that the caller has already scaled to [0, 1].
/// </summary>
/// <remarks>
/// <para>Each tree is a complete binary tree of depth <c>depth</c> built before any data: tree <c>t</c> draws, per
/// dimension, <c>s</c> uniform in [0, 1] and a work range <c>[s - 2 max(s, 1 - s), s + 2 max(s, 1 - s)]</c>; every
/// internal node splits its region in half along a dimension drawn uniformly (paper, Algorithm 1). Regions are
/// implicit (heap layout, children of node i are 2i+1 and 2i+2; the dimension of a node is a seeded hash of
/// (tree, node)), so a node costs only its two masses: 2 bytes of reference mass r and 2 of latest mass l.</para>
/// <para>Learning counts each point in <c>l</c> along its path to a leaf. After every <c>windowSize</c> (psi) points
/// the latest window becomes the reference (r := l, l := 0; Algorithm 2). The raw score of x is
/// <c>sum over trees of r(node) * 2^depth(node)</c> at the first node on x's path that is a leaf or has
/// <c>r &lt; sizeLimit = 0.1 psi</c> (Algorithm 3). Low raw = little mass = anomalous.</para>
/// <para>Normalisation to [0, 1], higher = more anomalous: at each window swap the points of the new reference
/// window are themselves scored and the raw score at the <see cref="ReferenceQuantile"/> (default 10th percentile)
/// is kept as <c>typical</c>. Then <c>Score(x) = clamp(1 - raw(x) / typical, 0, 1)</c>: 0 for a point at least as
/// dense as 90% of recent normal traffic, rising linearly with the missing mass, 1 for a point in a region no
/// reference point occupied. Raw/maxScore would leave almost every point near 1 (a normal point rarely reaches a
/// leaf), and a rank would give normal points a uniform spread around 0.5; this keeps normal traffic at or near 0.</para>
/// <para>Before the first window completes there is no reference: <see cref="Score"/> returns 0 (no evidence) and
/// <see cref="IsWarm"/> is false. Score and Learn allocate nothing (a stackalloc of 2d doubles for the work
/// ranges). Deterministic for a seed (System.Random with a seed, and a fixed hash).</para>
/// </remarks>
internal sealed class HalfSpaceTrees
{
    public const int MaxDimensions = 256;
    public const int MaxDepth = 20;

    private const byte FormatVersion = 1;

    private readonly int dimensions;
    private readonly int trees;
    private readonly int depth;
    private readonly int windowSize;
    private readonly int seed;
    private readonly double referenceQuantile;
    private readonly int nodesPerTree;
    private readonly int sizeLimit;
    private readonly ulong dimensionSalt;
    private readonly double[] rangeLow;
    private readonly double[] rangeHigh;

    // The split of every internal node (dimension and value), computed once from the tree ranges: descending is then a
    // comparison per level instead of re-deriving each split. Same arithmetic, same order, so bit-identical results.
    private readonly int internalNodesPerTree;
    private readonly byte[] splitDimensions;
    private readonly double[] splitValues;
    private readonly double[] window;
    private readonly double[] windowScores;
    private ushort[] reference;
    private ushort[] latest;
    private int filled;
    private long windowsCompleted;
    private double typicalRawScore;

    public HalfSpaceTrees(int dimensions, int trees = 25, int depth = 15, int windowSize = 250, int seed = 1, double referenceQuantile = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trees);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowSize, ushort.MaxValue);
        if (!(referenceQuantile >= 0 && referenceQuantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(referenceQuantile), referenceQuantile, "The reference quantile must be in [0, 1].");
        }

        nodesPerTree = (1 << (depth + 1)) - 1;
        if ((long)nodesPerTree * trees > 1 << 28)
        {
            throw new ArgumentOutOfRangeException(nameof(trees), trees, "trees * 2^(depth + 1) must not exceed 2^28 nodes (1 GiB of masses).");
        }

        this.dimensions = dimensions;
        this.trees = trees;
        this.depth = depth;
        this.windowSize = windowSize;
        this.seed = seed;
        this.referenceQuantile = referenceQuantile;
        sizeLimit = Math.Max(1, windowSize / 10);

        var random = new Random(seed);
        dimensionSalt = (ulong)random.NextInt64();
        rangeLow = new double[trees * dimensions];
        rangeHigh = new double[trees * dimensions];
        for (int i = 0; i < rangeLow.Length; i++)
        {
            double s = random.NextDouble();
            double half = 2 * Math.Max(s, 1 - s);
            rangeLow[i] = s - half;
            rangeHigh[i] = s + half;
        }

        internalNodesPerTree = (1 << depth) - 1;
        splitDimensions = new byte[internalNodesPerTree * trees];
        splitValues = new double[internalNodesPerTree * trees];
        PrecomputeSplits();

        reference = new ushort[nodesPerTree * trees];
        latest = new ushort[nodesPerTree * trees];
        window = new double[windowSize * dimensions];
        windowScores = new double[windowSize];
    }

    public int Dimensions => dimensions;

    public int Trees => trees;

    public int Depth => depth;

    public int WindowSize => windowSize;

    public int Seed => seed;

    /// <summary>Quantile of the reference window's raw scores that maps to anomaly score 0 (see remarks).</summary>
    public double ReferenceQuantile => referenceQuantile;

    /// <summary>True once the first reference window is complete; before that <see cref="Score"/> returns 0.</summary>
    public bool IsWarm => windowsCompleted > 0;

    /// <summary>Number of completed windows (reference swaps).</summary>
    public long WindowsCompleted => windowsCompleted;

    /// <summary>Raw score at <see cref="ReferenceQuantile"/> of the current reference window (the normaliser).</summary>
    public double TypicalRawScore => typicalRawScore;

    /// <summary>Approximate managed memory in bytes: two mass arrays dominate (4 bytes per node per tree).</summary>
    public long ApproximateBytes =>
        200L
        + (2L * DecayMath.ArrayBytes(rangeLow.Length, sizeof(double)))
        + DecayMath.ArrayBytes(window.Length, sizeof(double))
        + DecayMath.ArrayBytes(windowScores.Length, sizeof(double))
        + (2L * DecayMath.ArrayBytes(reference.Length, sizeof(ushort)))
        + DecayMath.ArrayBytes(splitDimensions.Length, sizeof(byte))
        + DecayMath.ArrayBytes(splitValues.Length, sizeof(double));

    /// <summary>Anomaly score in [0, 1], higher = more anomalous; 0 until warm. Values outside [0, 1] are clamped, NaN read as 0. Allocates nothing.</summary>
    public double Score(ReadOnlySpan<double> x)
    {
        CheckDimensions(x);
        if (!IsWarm)
        {
            return 0;
        }

        return Normalise(RawScore(x));
    }

    /// <summary>Raw mass score <c>sum r * 2^k</c> against the reference window (low = anomalous); 0 until warm.</summary>
    public double RawScore(ReadOnlySpan<double> x)
    {
        CheckDimensions(x);
        return RawScore(x, reference);
    }

    /// <summary>Learns one point into the latest window; swaps windows every <see cref="WindowSize"/> points. Allocates nothing.</summary>
    public void Learn(ReadOnlySpan<double> x)
    {
        CheckDimensions(x);

        // The window keeps the clamped point, and the descent reads it from there (see RawScore on clamping once).
        Span<double> stored = window.AsSpan(filled * dimensions, dimensions);
        for (int i = 0; i < dimensions; i++)
        {
            stored[i] = Clamp(x[i]);
        }

        Span<ushort> masses = latest;
        ReadOnlySpan<byte> splitDimension = splitDimensions;
        ReadOnlySpan<double> splitValue = splitValues;
        for (int t = 0; t < trees; t++)
        {
            int offset = t * nodesPerTree;
            int splits = t * internalNodesPerTree;
            int node = 0;
            for (int k = 0; ; k++)
            {
                ref ushort mass = ref masses[offset + node];
                if (mass < ushort.MaxValue)
                {
                    mass++;
                }

                if (k == depth)
                {
                    break;
                }

                int i = splits + node;
                node = stored[splitDimension[i]] < splitValue[i] ? (2 * node) + 1 : (2 * node) + 2;
            }
        }

        filled++;
        if (filled == windowSize)
        {
            CompleteWindow();
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(dimensions);
        writer.Write(trees);
        writer.Write(depth);
        writer.Write(windowSize);
        writer.Write(seed);
        writer.Write(referenceQuantile);
        writer.Write(windowsCompleted);
        writer.Write(typicalRawScore);
        writer.Write(filled);
        for (int i = 0; i < filled * dimensions; i++)
        {
            writer.Write(window[i]);
        }

        WriteSparse(writer, reference);
        WriteSparse(writer, latest);
    }

    public static HalfSpaceTrees ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported HalfSpaceTrees checkpoint version {version}.");
        }

        HalfSpaceTrees model;
        try
        {
            model = new HalfSpaceTrees(
                dimensions: reader.ReadInt32(),
                trees: reader.ReadInt32(),
                depth: reader.ReadInt32(),
                windowSize: reader.ReadInt32(),
                seed: reader.ReadInt32(),
                referenceQuantile: reader.ReadDouble());
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: " + e.Message, e);
        }

        model.windowsCompleted = reader.ReadInt64();
        model.typicalRawScore = reader.ReadDouble();
        model.filled = reader.ReadInt32();
        if (model.windowsCompleted < 0 || model.filled < 0 || model.filled >= model.windowSize)
        {
            throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: bad window state.");
        }

        for (int i = 0; i < model.filled * model.dimensions; i++)
        {
            model.window[i] = reader.ReadDouble();
        }

        ReadSparse(reader, model.reference);
        ReadSparse(reader, model.latest);
        return model;
    }

    private double Normalise(double raw)
    {
        if (typicalRawScore <= 0)
        {
            return raw > 0 ? 0 : 1;
        }

        return Math.Clamp(1 - (raw / typicalRawScore), 0, 1);
    }

    private double RawScore(ReadOnlySpan<double> x, ushort[] masses)
    {
        // Clamp each coordinate once, not at every node it is compared at (16 trees x 10 levels): Clamp is idempotent,
        // so every comparison, and the score, is the same as before.
        Span<double> point = stackalloc double[dimensions];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = Clamp(x[i]);
        }

        // The descent is the engine's hottest loop (every access is scored). Indices are in range by construction
        // (node < nodesPerTree, split dimensions < dimensions), so it reads through refs without bounds checks, and
        // picks the child arithmetically rather than with a data-dependent branch.
        ref ushort mass = ref MemoryMarshal.GetArrayDataReference(masses);
        ref byte splitDimension = ref MemoryMarshal.GetArrayDataReference(splitDimensions);
        ref double splitValue = ref MemoryMarshal.GetArrayDataReference(splitValues);
        ref double coordinate = ref MemoryMarshal.GetReference(point);
        double score = 0;
        for (int t = 0; t < trees; t++)
        {
            int offset = t * nodesPerTree;
            int splits = t * internalNodesPerTree;
            int node = 0;
            for (int k = 0; ; k++)
            {
                int m = Unsafe.Add(ref mass, offset + node);
                if (k == depth || m < sizeLimit)
                {
                    score += m * (double)(1L << k);
                    break;
                }

                int i = splits + node;
                bool left = Unsafe.Add(ref coordinate, Unsafe.Add(ref splitDimension, i)) < Unsafe.Add(ref splitValue, i);
                node = (2 * node) + 2 - (left ? 1 : 0);
            }
        }

        return score;
    }

    /// <summary>Walks every tree once, halving the work range along each node's split dimension, as a descent would.</summary>
    private void PrecomputeSplits()
    {
        Span<double> low = stackalloc double[dimensions];
        Span<double> high = stackalloc double[dimensions];
        for (int t = 0; t < trees; t++)
        {
            rangeLow.AsSpan(t * dimensions, dimensions).CopyTo(low);
            rangeHigh.AsSpan(t * dimensions, dimensions).CopyTo(high);
            Split(t, 0, 0, low, high);
        }
    }

    private void Split(int tree, int node, int level, Span<double> low, Span<double> high)
    {
        if (level == depth)
        {
            return;
        }

        int q = SplitDimension(tree, node);
        double middle = (low[q] + high[q]) * 0.5;
        int i = (tree * internalNodesPerTree) + node;
        splitDimensions[i] = (byte)q;
        splitValues[i] = middle;

        double savedHigh = high[q];
        high[q] = middle;
        Split(tree, (2 * node) + 1, level + 1, low, high);
        high[q] = savedHigh;

        double savedLow = low[q];
        low[q] = middle;
        Split(tree, (2 * node) + 2, level + 1, low, high);
        low[q] = savedLow;
    }

    private int SplitDimension(int tree, int node)
    {
        ulong h = StableHash.Mix(dimensionSalt ^ (((ulong)(uint)tree << 32) | (uint)node));
        return (int)(((h >> 32) * (ulong)dimensions) >> 32);
    }

    private void CompleteWindow()
    {
        (reference, latest) = (latest, reference);
        Array.Clear(latest);
        windowsCompleted++;

        for (int p = 0; p < windowSize; p++)
        {
            windowScores[p] = RawScore(window.AsSpan(p * dimensions, dimensions), reference);
        }

        windowScores.AsSpan().Sort();
        typicalRawScore = windowScores[(int)Math.Round(referenceQuantile * (windowSize - 1))];
        filled = 0;
    }

    private void CheckDimensions(ReadOnlySpan<double> x)
    {
        if (x.Length != dimensions)
        {
            throw new ArgumentException($"Expected {dimensions} features, got {x.Length}.", nameof(x));
        }
    }

    private static double Clamp(double value) => value >= 0 ? Math.Min(value, 1) : 0;

    private static void WriteSparse(BinaryWriter writer, ushort[] masses)
    {
        int nonZero = 0;
        foreach (ushort mass in masses)
        {
            if (mass != 0)
            {
                nonZero++;
            }
        }

        writer.Write(nonZero);
        for (int i = 0; i < masses.Length; i++)
        {
            if (masses[i] != 0)
            {
                writer.Write(i);
                writer.Write(masses[i]);
            }
        }
    }

    private static void ReadSparse(BinaryReader reader, ushort[] masses)
    {
        int nonZero = reader.ReadInt32();
        if (nonZero < 0 || nonZero > masses.Length)
        {
            throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: bad mass count.");
        }

        for (int n = 0; n < nonZero; n++)
        {
            int index = reader.ReadInt32();
            if ((uint)index >= (uint)masses.Length)
            {
                throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: mass index out of range.");
            }

            masses[index] = reader.ReadUInt16();
        }
    }
}
