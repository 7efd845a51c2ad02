namespace Vigil.Core.Language;

/// <summary>
/// A few centroids of the texts an identity (or a peer group) uses: each is the integer sum of its members'
/// quantised vectors and their count, so learning and similarity are exact integer arithmetic, identical on every
/// host. Bounded: at most <see cref="Capacity"/> centroids of 384 shorts; a centroid that reaches
/// <see cref="MaxCount"/> members is halved, which keeps the sums within a short and lets recent texts outweigh old ones.
/// </summary>
internal sealed class TextBaseline
{
    /// <summary>Members after which a centroid is halved: 256 x 127 still fits a short.</summary>
    internal const int MaxCount = 256;

    /// <summary>A text at least this similar to its nearest centroid joins it; a less similar one opens a new centroid while there is room.</summary>
    internal const double MergeSimilarity = 0.6;

    private readonly short[][] _sums;
    private readonly int[] _counts;

    /// <summary>Each centroid's squared length, kept with it so a similarity reads each centroid once.</summary>
    private readonly long[] _norms;
    private readonly int _dimensions;

    public TextBaseline(int capacity, int dimensions)
    {
        _sums = new short[capacity][];
        _counts = new int[capacity];
        _norms = new long[capacity];
        _dimensions = dimensions;
    }

    public int Capacity => _sums.Length;

    /// <summary>Centroids in use.</summary>
    public int Centroids { get; private set; }

    /// <summary>Texts learned in all (not decayed): how much history the baseline has.</summary>
    public long Observations { get; private set; }

    /// <summary>The cosine similarity of <paramref name="vector"/> to the nearest centroid (-1 when there is none).</summary>
    public double Similarity(ReadOnlySpan<sbyte> vector) => Nearest(vector).Similarity;

    /// <summary>Learns <paramref name="vector"/>; returns whether it was new here (less than <see cref="MergeSimilarity"/> to every centroid).</summary>
    public bool Learn(ReadOnlySpan<sbyte> vector)
    {
        if (vector.Length != _dimensions)
        {
            return false;
        }

        var (index, similarity) = Nearest(vector);
        bool isNew = similarity < MergeSimilarity;
        if (index < 0 || (similarity < MergeSimilarity && Centroids < Capacity))
        {
            index = Centroids++;
            _sums[index] = new short[_dimensions];
        }

        var sum = _sums[index];
        if (_counts[index] >= MaxCount)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] = (short)(sum[i] / 2);
            }

            _counts[index] /= 2;
        }

        long norm = 0;
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] = (short)(sum[i] + vector[i]);
            norm += sum[i] * sum[i];
        }

        _norms[index] = norm;
        _counts[index]++;
        Observations++;
        return isNew;
    }

    private (int Index, double Similarity) Nearest(ReadOnlySpan<sbyte> vector)
    {
        int best = -1;
        double bestSimilarity = -1;
        if (vector.Length != _dimensions)
        {
            return (best, bestSimilarity);
        }

        long vv = TextVector.Dot(vector, vector);
        Span<short> wide = stackalloc short[vector.Length];
        for (int i = 0; i < vector.Length; i++)
        {
            wide[i] = vector[i];
        }

        for (int c = 0; c < Centroids; c++)
        {
            long ss = _norms[c];
            long dot = Dot(_sums[c], wide);

            double similarity = ss == 0 || vv == 0 ? 0 : dot / Math.Sqrt((double)ss * vv);
            if (similarity > bestSimilarity)
            {
                (best, bestSimilarity) = (c, similarity);
            }
        }

        return (best, bestSimilarity);
    }

    /// <summary>
    /// Exact dot product of a centroid sum and a widened text vector, eight to sixteen lanes at a time. Integer addition
    /// is associative, so any vector width gives the same result (scores stay identical across hosts). Up to 512
    /// dimensions the true total is at most 512 x 32,512 x 127, within an int, so lane sums that wrap still end exact;
    /// longer vectors take the scalar path in longs.
    /// </summary>
    internal static long Dot(ReadOnlySpan<short> sum, ReadOnlySpan<short> vector)
    {
        int i = 0;
        long total = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && sum.Length >= System.Numerics.Vector<short>.Count && sum.Length <= 512)
        {
            var acc = System.Numerics.Vector<int>.Zero;
            for (; i <= sum.Length - System.Numerics.Vector<short>.Count; i += System.Numerics.Vector<short>.Count)
            {
                System.Numerics.Vector.Widen(new System.Numerics.Vector<short>(sum[i..]), out var aLow, out var aHigh);
                System.Numerics.Vector.Widen(new System.Numerics.Vector<short>(vector[i..]), out var bLow, out var bHigh);
                acc += (aLow * bLow) + (aHigh * bHigh);
            }

            total = (int)System.Numerics.Vector.Sum(acc);
        }

        for (; i < sum.Length; i++)
        {
            total += (long)sum[i] * vector[i];
        }

        return total;
    }

    public void WriteTo(BinaryWriter w)
    {
        w.Write(Capacity);
        w.Write(_dimensions);
        w.Write(Centroids);
        w.Write(Observations);
        for (int c = 0; c < Centroids; c++)
        {
            w.Write(_counts[c]);
            foreach (short x in _sums[c])
            {
                w.Write(x);
            }
        }
    }

    public static TextBaseline ReadFrom(BinaryReader r)
    {
        int capacity = r.ReadInt32();
        int dimensions = r.ReadInt32();
        int centroids = r.ReadInt32();
        if (capacity is < 1 or > 64 || dimensions is < 1 or > 4096 || centroids < 0 || centroids > capacity)
        {
            throw new InvalidDataException("Corrupt text baseline in checkpoint.");
        }

        var baseline = new TextBaseline(capacity, dimensions) { Centroids = centroids, Observations = r.ReadInt64() };
        for (int c = 0; c < centroids; c++)
        {
            baseline._counts[c] = r.ReadInt32();
            var sum = baseline._sums[c] = new short[dimensions];
            long norm = 0;
            for (int i = 0; i < dimensions; i++)
            {
                sum[i] = r.ReadInt16();
                norm += sum[i] * sum[i];
            }

            baseline._norms[c] = norm;
        }

        return baseline;
    }
}
