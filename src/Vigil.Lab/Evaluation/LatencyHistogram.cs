namespace Vigil.Lab.Evaluation;

/// <summary>
/// Latencies in logarithmic bins (about 2% wide, 10 ns to 100 s), so a run of millions of events keeps constant memory
/// and percentiles are read within 2%.
/// </summary>
public sealed class LatencyHistogram
{
    private const double MinNs = 10;
    private const double Ratio = 1.02;
    private static readonly double LogRatio = Math.Log(Ratio);
    private readonly long[] _bins = new long[(int)(Math.Log(1e11 / MinNs) / Math.Log(Ratio)) + 2];

    /// <summary>Samples recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Records one latency in nanoseconds.</summary>
    public void Add(double nanoseconds)
    {
        int bin = nanoseconds <= MinNs ? 0 : Math.Min(_bins.Length - 1, 1 + (int)(Math.Log(nanoseconds / MinNs) / LogRatio));
        _bins[bin]++;
        Count++;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in nanoseconds, the upper edge of its bin; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (int i = 0; i < _bins.Length; i++)
        {
            seen += _bins[i];
            if (seen >= Math.Max(1, rank))
            {
                return i == 0 ? MinNs : MinNs * Math.Pow(Ratio, i);
            }
        }

        return MinNs * Math.Pow(Ratio, _bins.Length - 1);
    }
}
