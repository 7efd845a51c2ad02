using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

/// <summary>The shortcuts in DecayMath must return exactly what the plain computation returns (scores are replayed byte for byte).</summary>
public sealed class DecayMathTests
{
    [Fact]
    public void Exp2_Memoised_IsBitIdenticalToDoubleExp2_IncludingRepeatsAndSlotCollisions()
    {
        var random = new Random(3);
        double[] rates = [DecayMath.InverseHalfLifeMs(45), DecayMath.InverseHalfLifeMs(14), DecayMath.InverseHalfLifeMs(0.5)];
        var recent = new List<long>();
        for (int i = 0; i < 20_000; i++)
        {
            // Half the queries repeat a recent elapsed time (memo hits), the rest are new (misses that evict slots).
            long ms = recent.Count > 0 && random.Next(2) == 0 ? recent[random.Next(recent.Count)] : random.NextInt64(-10_000_000_000, 10_000_000_000);
            recent.Add(ms);
            if (recent.Count > 200)
            {
                recent.RemoveAt(0);
            }

            double rate = rates[random.Next(rates.Length)];
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Exp2(ms * rate)), BitConverter.DoubleToInt64Bits(DecayMath.Exp2(ms, rate)));
        }
    }

    [Fact]
    public void Factor_MatchesThePlainFormula()
    {
        double rate = DecayMath.InverseHalfLifeMs(45);
        foreach (long elapsed in new long[] { -5, 0, 1, 1_000, 86_400_000, 45L * 86_400_000, 9_999_999_999 })
        {
            double expected = elapsed <= 0 ? 1d : double.Exp2(-elapsed * rate);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(DecayMath.Factor(elapsed, rate)));
        }
    }

    [Fact]
    public void RoundStochastic_PositiveFastPath_MatchesBitIncrementAndDecrement()
    {
        var random = new Random(5);
        for (int i = 0; i < 100_000; i++)
        {
            double value = Math.Exp((random.NextDouble() * 200) - 100); // 1e-44 .. 1e43: subnormal to huge floats
            ulong entropy = (ulong)random.NextInt64();
            Assert.Equal(Reference(value, entropy), DecayMath.RoundStochastic(value, entropy));
        }
    }

    // The rounding as it was written before the fast path.
    private static float Reference(double value, ulong entropy)
    {
        float nearest = (float)value;
        double error = value - nearest;
        if (error == 0 || !float.IsFinite(nearest))
        {
            return nearest;
        }

        float other = error > 0 ? MathF.BitIncrement(nearest) : MathF.BitDecrement(nearest);
        double gap = Math.Abs((double)other - nearest);
        return StableHash.ToUnitInterval(entropy) * gap < Math.Abs(error) ? other : nearest;
    }
}
