namespace Vigil.Core.Statistics;

/// <summary>
/// Exponentially time-decayed running mean and variance of a numeric feature (bytes sent, session length), with
/// the decayed weight of the evidence behind them.
/// </summary>
/// <remarks>
/// <para>Incremental weighted update of West (1979), in the exponentially weighted form of Finch (2009),
/// "Incremental calculation of weighted mean and variance", sections 4 and 9: before an observation at time
/// <c>t</c>, the accumulated weight <c>W</c> and the sum of weighted squared deviations <c>S</c> are multiplied by
/// <c>2^(-(t - last)/h)</c> (scaling all weights leaves the mean unchanged); then
/// <c>W += w; d = x - mean; mean += d * w / W; S += w * d * (x - mean)</c>. <see cref="Variance"/> is
/// <c>S / W</c>, the weighted population variance. A late observation (before the last one) is down-weighted by
/// its own age instead of moving the clock back. Merge uses the pairwise formula of Chan, Golub &amp; LeVeque (1979).</para>
/// <para>A mutable struct, so it can live inline in an identity's state without an object header: keep it in a
/// non-readonly field and call methods on the field itself (a copy would be updated instead). default(RunningMoments)
/// is a valid accumulator that never decays.</para>
/// </remarks>
internal struct RunningMoments
{
    private const byte FormatVersion = 1;

    private double inverseHalfLifeMs;
    private double weight;
    private double mean;
    private double sumSquares;
    private long lastMs;

    public RunningMoments(double halfLifeDays)
    {
        inverseHalfLifeMs = DecayMath.InverseHalfLifeMs(halfLifeDays);
    }

    /// <summary>Decayed mean (0 before the first observation).</summary>
    public readonly double Mean => mean;

    /// <summary>Weighted population variance <c>S / W</c> (0 before the first observation).</summary>
    public readonly double Variance => weight > 0 ? Math.Max(0, sumSquares / weight) : 0;

    public readonly double StdDev => Math.Sqrt(Variance);

    /// <summary>Decayed weight of the evidence as of the last observation.</summary>
    public readonly double Weight => weight;

    /// <summary>Timestamp of the latest observation (Unix milliseconds).</summary>
    public readonly long LastTimestampMs => lastMs;

    public readonly double HalfLifeDays => DecayMath.HalfLifeDays(inverseHalfLifeMs);

    /// <summary>Decayed weight of the evidence as of <paramref name="timestampMs"/>.</summary>
    public readonly double WeightAt(long timestampMs) => weight * DecayMath.Factor(timestampMs - lastMs, inverseHalfLifeMs);

    /// <summary>Adds an observation. Non-finite values are ignored (they would poison the mean). Allocates nothing.</summary>
    public void Add(double x, long timestampMs, double observationWeight = 1)
    {
        if (!double.IsFinite(x) || !(observationWeight > 0) || double.IsPositiveInfinity(observationWeight))
        {
            return;
        }

        if (weight <= 0)
        {
            weight = observationWeight;
            mean = x;
            sumSquares = 0;
            lastMs = timestampMs;
            return;
        }

        if (timestampMs > lastMs)
        {
            double factor = DecayMath.Factor(timestampMs - lastMs, inverseHalfLifeMs);
            weight *= factor;
            sumSquares *= factor;
            lastMs = timestampMs;
        }
        else
        {
            observationWeight *= DecayMath.Factor(lastMs - timestampMs, inverseHalfLifeMs);
        }

        weight += observationWeight;
        double delta = x - mean;
        mean += delta * observationWeight / weight;
        sumSquares += observationWeight * delta * (x - mean);
    }

    /// <summary>
    /// Standard score of <paramref name="x"/>: 0 without evidence. The deviation is floored at
    /// <paramref name="minStdDev"/> and at 1e-9 * max(1, |mean|), so a feature that never varied yields a large
    /// but finite score instead of infinity.
    /// </summary>
    public readonly double ZScore(double x, double minStdDev = 0)
    {
        if (weight <= 0 || !double.IsFinite(x))
        {
            return 0;
        }

        double floor = Math.Max(minStdDev, 1e-9 * Math.Max(1, Math.Abs(mean)));
        return (x - mean) / Math.Max(StdDev, floor);
    }

    /// <summary>Adds <paramref name="other"/> (e.g. another shard) into this, both decayed to the later timestamp.</summary>
    public void Merge(in RunningMoments other)
    {
        if (other.weight <= 0)
        {
            return;
        }

        if (weight <= 0)
        {
            double rate = inverseHalfLifeMs;
            this = other;
            inverseHalfLifeMs = rate == 0 ? other.inverseHalfLifeMs : rate;
            return;
        }

        long last = Math.Max(lastMs, other.lastMs);
        double wa = weight * DecayMath.Factor(last - lastMs, inverseHalfLifeMs);
        double sa = sumSquares * DecayMath.Factor(last - lastMs, inverseHalfLifeMs);
        double wb = other.weight * DecayMath.Factor(last - other.lastMs, inverseHalfLifeMs);
        double sb = other.sumSquares * DecayMath.Factor(last - other.lastMs, inverseHalfLifeMs);
        double w = wa + wb;
        double delta = other.mean - mean;
        mean += delta * wb / w;
        sumSquares = sa + sb + (delta * delta * wa * wb / w);
        weight = w;
        lastMs = last;
    }

    /// <summary>Writes a versioned, little-endian checkpoint.</summary>
    public readonly void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(inverseHalfLifeMs);
        writer.Write(weight);
        writer.Write(mean);
        writer.Write(sumSquares);
        writer.Write(lastMs);
    }

    /// <summary>Reads a checkpoint written by <see cref="WriteTo"/>; throws <see cref="InvalidDataException"/> when it is corrupt.</summary>
    public static RunningMoments ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported RunningMoments checkpoint version {version}.");
        }

        var moments = new RunningMoments
        {
            inverseHalfLifeMs = DecayMath.CheckRate(reader.ReadDouble()),
            weight = reader.ReadDouble(),
            mean = reader.ReadDouble(),
            sumSquares = reader.ReadDouble(),
            lastMs = reader.ReadInt64(),
        };
        if (!double.IsFinite(moments.weight) || moments.weight < 0 || !double.IsFinite(moments.mean) || !double.IsFinite(moments.sumSquares))
        {
            throw new InvalidDataException("Corrupt RunningMoments checkpoint: non-finite or negative values.");
        }

        return moments;
    }
}
