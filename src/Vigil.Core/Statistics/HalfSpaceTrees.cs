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
/// (tree, node)). Each node is stored once with its split and both window masses (16 bytes: split value, dimension,
/// reference mass r and latest mass l), which learning reads one cache line per level.</para>
/// <para>Learning counts each point in <c>l</c> along its path to a leaf. After every <c>windowSize</c> (psi) points
/// the latest window becomes the reference (r := l, l := 0; Algorithm 2). The raw score of x is
/// <c>sum over trees of r(node) * 2^depth(node)</c> at the first node on x's path that is a leaf or has
/// <c>r &lt; sizeLimit = 0.1 psi</c> (Algorithm 3). Low raw = little mass = anomalous. Scoring walks compact copies
/// of the trees rebuilt at each swap, holding only the nodes a descent can reach (see BuildScoringTrees), with the
/// same terms in the same order.</para>
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

    // Every node of every tree in one array, heap order per tree (node n of tree t at t * nodesPerTree + n): the split
    // of an internal node (dimension and value, computed once from the tree ranges, so descending is a comparison per
    // level) and both window masses, side by side. Learning a point then reads one cache line per level instead of
    // three (a split value, a split dimension and a mass array). Which of the two masses is the latest window
    // alternates at each swap (latestMass), so a swap clears one mass per node and moves nothing.
    private readonly TreeNode[] treeNodes;
    private readonly double[] window;
    private readonly double[] windowScores;
    private int latestMass;
    private int filled;
    private long windowsCompleted;
    private double typicalRawScore;

    // The reference window as scoring reads it (see BuildScoringTrees): derived from the reference masses and the
    // splits, rebuilt at every window swap and on restore, never written to checkpoints.
    private readonly int[] scoringRoots;
    private readonly int[] scoringLevels; // per tree, the depth of its deepest terminal: the steps a descent needs
    private ScoringNode[] scoringNodes;

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

        treeNodes = new TreeNode[nodesPerTree * trees];
        PrecomputeSplits();

        window = new double[windowSize * dimensions];
        windowScores = new double[windowSize];
        scoringRoots = new int[trees];
        scoringLevels = new int[trees];
        int perLevel = windowSize / sizeLimit;
        scoringNodes = new ScoringNode[trees * (int)Math.Min(nodesPerTree, (2L * depth * perLevel) + 1)];
        BuildScoringTrees();
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
        + DecayMath.ArrayBytes(treeNodes.Length, 16)
        + (2L * DecayMath.ArrayBytes(scoringRoots.Length, sizeof(int)))
        + DecayMath.ArrayBytes(scoringNodes.Length, 16);

    /// <summary>Anomaly score in [0, 1], higher = more anomalous; 0 until warm. Values outside [0, 1] are clamped, NaN read as 0. Allocates nothing.</summary>
    public double Score(ReadOnlySpan<double> x)
    {
        CheckDimensions(x);
        if (!IsWarm)
        {
            return 0;
        }

        return Normalise(Descend(x));
    }

    /// <summary>Raw mass score <c>sum r * 2^k</c> against the reference window (low = anomalous); 0 until warm.</summary>
    public double RawScore(ReadOnlySpan<double> x)
    {
        CheckDimensions(x);
        return Descend(x);
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

        // All trees descend together, level by level: the trees are independent, so their dependent chains (mass,
        // split, child) overlap instead of running one tree after another. Same nodes counted, same masses.
        Span<int> nodes = stackalloc int[trees];
        nodes.Clear();
        ref TreeNode all = ref MemoryMarshal.GetArrayDataReference(treeNodes);
        ref double coordinate = ref MemoryMarshal.GetReference(stored);
        int latestSlot = latestMass;
        for (int k = 0; ; k++)
        {
            for (int t = 0; t < trees; t++)
            {
                int node = nodes[t];
                ref TreeNode n = ref Unsafe.Add(ref all, (t * nodesPerTree) + node);
                ref ushort mass = ref Mass(ref n, latestSlot);
                if (mass < ushort.MaxValue)
                {
                    mass++;
                }

                if (k < depth)
                {
                    bool left = Unsafe.Add(ref coordinate, n.Dimension) < n.Split;
                    nodes[t] = (2 * node) + 2 - (left ? 1 : 0);
                }
            }

            if (k == depth)
            {
                break;
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

        WriteSparse(writer, treeNodes, latestMass ^ 1);
        WriteSparse(writer, treeNodes, latestMass);
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

        ReadSparse(reader, model.treeNodes, model.latestMass ^ 1);
        ReadSparse(reader, model.treeNodes, model.latestMass);
        model.BuildScoringTrees();
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

    private double Descend(ReadOnlySpan<double> x)
    {
        // Clamp each coordinate once, not at every node it is compared at (16 trees x 10 levels): Clamp is idempotent,
        // so every comparison, and the score, is the same as before.
        Span<double> point = stackalloc double[dimensions];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = Clamp(x[i]);
        }

        // The descent is the engine's hottest loop (every access is scored), over the compact scoring trees (see
        // BuildScoringTrees). Eight trees step together (the engine has 16; any rest descends one by one), for as many
        // levels as the deepest of them needs, without a branch on where each stops: their dependent chains (node,
        // coordinate, child) overlap instead of running one tree after another, and no tree's exit mispredicts. A
        // terminal node points at itself, so a tree that has stopped stays put. Terms are added in tree order, as the
        // tree-by-tree descent added them: the same terms in the same order give the same double. Indices are in
        // range by construction (no bounds checks).
        ref ScoringNode nodes = ref MemoryMarshal.GetArrayDataReference(scoringNodes);
        ref double coordinate = ref MemoryMarshal.GetReference(point);
        ref int root = ref MemoryMarshal.GetArrayDataReference(scoringRoots);
        ref int levels = ref MemoryMarshal.GetArrayDataReference(scoringLevels);
        double score = 0;
        int t = 0;
        for (; t + 8 <= trees; t += 8)
        {
            // Eight chains in flight: one step is a chain of dependent loads and a compare (about 17 cycles), which
            // four trees' worth of instructions do not fill.
            int i0 = Unsafe.Add(ref root, t), i1 = Unsafe.Add(ref root, t + 1), i2 = Unsafe.Add(ref root, t + 2), i3 = Unsafe.Add(ref root, t + 3);
            int i4 = Unsafe.Add(ref root, t + 4), i5 = Unsafe.Add(ref root, t + 5), i6 = Unsafe.Add(ref root, t + 6), i7 = Unsafe.Add(ref root, t + 7);
            int deepest = 0;
            for (int k = t; k < t + 8; k++)
            {
                deepest = Math.Max(deepest, Unsafe.Add(ref levels, k));
            }

            for (int level = 0; level < deepest; level++)
            {
                i0 = Step(ref nodes, ref coordinate, i0);
                i1 = Step(ref nodes, ref coordinate, i1);
                i2 = Step(ref nodes, ref coordinate, i2);
                i3 = Step(ref nodes, ref coordinate, i3);
                i4 = Step(ref nodes, ref coordinate, i4);
                i5 = Step(ref nodes, ref coordinate, i5);
                i6 = Step(ref nodes, ref coordinate, i6);
                i7 = Step(ref nodes, ref coordinate, i7);
            }

            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i0).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i1).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i2).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i3).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i4).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i5).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i6).Split;
            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i7).Split;
        }

        for (; t < trees; t++)
        {
            int i = Unsafe.Add(ref root, t);
            for (int level = Unsafe.Add(ref levels, t); level > 0; level--)
            {
                i = Step(ref nodes, ref coordinate, i);
            }

            score += Unsafe.AddByteOffset(ref nodes, (nuint)(uint)i).Split;
        }

        return score;
    }

    // One level of one tree: to the left child when the coordinate is below the split, else the right; a terminal
    // (Step 0) stays where it is. Positions are byte offsets, so each step is a few instructions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref ScoringNode nodes, ref double coordinate, int at)
    {
        ref ScoringNode n = ref Unsafe.AddByteOffset(ref nodes, (nuint)(uint)at);
        double value = Unsafe.AddByteOffset(ref coordinate, (nuint)n.Dimension);
        return n.Next + (-(value < n.Split ? 0 : 1) & n.Step);
    }

    /// <summary>
    /// Rebuilds the scoring trees from the reference masses: per tree, only the nodes a descent can reach, in
    /// breadth-first order with each pair of children side by side. A node where Algorithm 3 stops (a leaf, or
    /// reference mass below <c>sizeLimit</c>) becomes a terminal holding its term <c>r * 2^depth</c>; a node where
    /// it continues keeps its split. Scoring then reads a few kilobytes instead of the full mass and split arrays
    /// (hundreds of kilobytes, which missed the L1 cache on nearly every level), and returns the same terms.
    /// </summary>
    private void BuildScoringTrees()
    {
        // A level's masses sum to at most the window (each point is counted once per level), so at most
        // windowSize / sizeLimit nodes per level continue and the preallocated array suffices; masses restored from
        // a checkpoint are not bound by that, so count first and grow if needed (never in steady state).
        int needed = 0;
        for (int t = 0; t < trees; t++)
        {
            needed += CountReachable(t * nodesPerTree, 0, 0);
        }

        if (needed > scoringNodes.Length)
        {
            scoringNodes = new ScoringNode[needed];
        }

        // Breadth-first per tree. While a node waits in the queue, Next holds its heap index and Dimension its depth.
        var nodes = scoringNodes;
        int count = 0;
        for (int t = 0; t < trees; t++)
        {
            int deepest = 0;
            int offset = t * nodesPerTree;
            scoringRoots[t] = count;
            nodes[count++] = new ScoringNode { Next = 0, Dimension = 0 };
            for (int q = scoringRoots[t]; q < count; q++)
            {
                int heap = nodes[q].Next;
                int level = nodes[q].Dimension;
                int m = Mass(ref treeNodes[offset + heap], latestMass ^ 1);
                if (level == depth || m < sizeLimit)
                {
                    // The term Algorithm 3 adds where it stops, computed as the tree-by-tree descent computed it.
                    nodes[q] = new ScoringNode { Split = m * (double)(1L << level), Next = q * NodeBytes, Dimension = 0, Step = 0 };
                    deepest = Math.Max(deepest, level);
                    continue;
                }

                ref readonly TreeNode split = ref treeNodes[offset + heap];
                nodes[q] = new ScoringNode { Split = split.Split, Next = count * NodeBytes, Dimension = (ushort)(split.Dimension * sizeof(double)), Step = NodeBytes };
                nodes[count++] = new ScoringNode { Next = (2 * heap) + 1, Dimension = (ushort)(level + 1) };
                nodes[count++] = new ScoringNode { Next = (2 * heap) + 2, Dimension = (ushort)(level + 1) };
            }

            scoringLevels[t] = deepest;
            scoringRoots[t] *= NodeBytes;
        }
    }

    private int CountReachable(int offset, int heap, int level) =>
        level == depth || Mass(ref treeNodes[offset + heap], latestMass ^ 1) < sizeLimit
            ? 1
            : 1 + CountReachable(offset, (2 * heap) + 1, level + 1) + CountReachable(offset, (2 * heap) + 2, level + 1);

    private const int NodeBytes = 16;

    /// <summary>
    /// A node of the scoring trees: a split (go to <see cref="Next"/> when the coordinate at byte offset
    /// <see cref="Dimension"/> is below <see cref="Split"/>, else <see cref="Step"/> bytes further, to the right
    /// child), or a terminal whose <see cref="Split"/> holds the tree's term and whose <see cref="Next"/> is itself
    /// (<see cref="Step"/> 0). Next and roots are byte offsets into the node array. 16 bytes: four to a cache line.
    /// </summary>
    private struct ScoringNode
    {
        public double Split;
        public int Next;
        public ushort Dimension;
        public ushort Step;
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
        ref TreeNode n = ref treeNodes[(tree * nodesPerTree) + node];
        n.Dimension = (ushort)q;
        n.Split = middle;

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
        // The latest window becomes the reference, and the old reference's masses are cleared to become the latest.
        latestMass ^= 1;
        foreach (ref TreeNode n in treeNodes.AsSpan())
        {
            Mass(ref n, latestMass) = 0;
        }

        windowsCompleted++;
        BuildScoringTrees();

        for (int p = 0; p < windowSize; p++)
        {
            windowScores[p] = Descend(window.AsSpan(p * dimensions, dimensions));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Clamp(double value) => value >= 0 ? Math.Min(value, 1) : 0;

    // Sparse list of one window's masses: how many are non-zero, then (node index, mass) pairs in index order.
    private static void WriteSparse(BinaryWriter writer, TreeNode[] nodes, int which)
    {
        int nonZero = 0;
        foreach (ref TreeNode n in nodes.AsSpan())
        {
            if (Mass(ref n, which) != 0)
            {
                nonZero++;
            }
        }

        writer.Write(nonZero);
        for (int i = 0; i < nodes.Length; i++)
        {
            ushort mass = Mass(ref nodes[i], which);
            if (mass != 0)
            {
                writer.Write(i);
                writer.Write(mass);
            }
        }
    }

    private static void ReadSparse(BinaryReader reader, TreeNode[] nodes, int which)
    {
        int nonZero = reader.ReadInt32();
        if (nonZero < 0 || nonZero > nodes.Length)
        {
            throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: bad mass count.");
        }

        for (int n = 0; n < nonZero; n++)
        {
            int index = reader.ReadInt32();
            if ((uint)index >= (uint)nodes.Length)
            {
                throw new InvalidDataException("Corrupt HalfSpaceTrees checkpoint: mass index out of range.");
            }

            Mass(ref nodes[index], which) = reader.ReadUInt16();
        }
    }

    /// <summary>Mass 0 or 1 of a node: the latest window is <c>latestMass</c>, the reference the other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ushort Mass(ref TreeNode node, int which) => ref which == 0 ? ref node.Mass0 : ref node.Mass1;

    /// <summary>One node: its split (internal nodes; leaves leave it unused) and its two window masses. 16 bytes.</summary>
    private struct TreeNode
    {
        public double Split;
        public ushort Dimension;
        public ushort Mass0;
        public ushort Mass1;
    }
}
