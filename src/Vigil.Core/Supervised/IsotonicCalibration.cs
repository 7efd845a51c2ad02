namespace Vigil.Core.Supervised;

/// <summary>
/// A non-decreasing map from a model's probability to the measured probability of compromise, fitted by isotonic
/// regression (pool-adjacent-violators, Zadrozny and Elkan, KDD 2002) on labelled outcomes; between fitted points it
/// interpolates linearly, outside them it holds the end values.
/// </summary>
public sealed class IsotonicCalibration
{
    /// <summary>Most points a calibration may hold (a hostile model file cannot make it larger).</summary>
    public const int MaxPoints = 10_000;

    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibration(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>The fitted points, input ascending, output non-decreasing.</summary>
    public IReadOnlyList<(double Input, double Output)> Points => [.. _x.Zip(_y)];

    /// <summary>The calibrated probability for model probability <paramref name="p"/>.</summary>
    public double Map(double p)
    {
        if (p <= _x[0])
        {
            return _y[0];
        }

        if (p >= _x[^1])
        {
            return _y[^1];
        }

        int i = Array.BinarySearch(_x, p);
        if (i >= 0)
        {
            return _y[i];
        }

        i = ~i; // first point above p; i >= 1 here
        double t = (p - _x[i - 1]) / (_x[i] - _x[i - 1]);
        return _y[i - 1] + (t * (_y[i] - _y[i - 1]));
    }

    /// <summary>
    /// Fits on (probability, label) pairs; null with fewer than <paramref name="minimumLabels"/> pairs or without both
    /// outcomes (too few labels to measure anything: the caller keeps the uncalibrated or global map).
    /// </summary>
    public static IsotonicCalibration? Fit(IEnumerable<(double Probability, bool Compromised)> labelled, int minimumLabels = 50)
    {
        var data = labelled.Where(l => double.IsFinite(l.Probability)).OrderBy(l => l.Probability).ThenBy(l => l.Compromised).ToList();
        if (data.Count < minimumLabels || data.All(l => l.Compromised) || data.All(l => !l.Compromised))
        {
            return null;
        }

        // Pool adjacent violators: blocks of (sum of labels, count, mean input), merged while a block's rate falls below the previous one's.
        var sum = new List<double>();
        var count = new List<double>();
        var input = new List<double>();
        // Equal inputs form one block from the start, so the fitted inputs are strictly ascending.
        foreach (var group in data.GroupBy(l => l.Probability))
        {
            sum.Add(group.Count(l => l.Compromised));
            count.Add(group.Count());
            input.Add(group.Key);
            while (sum.Count > 1 && sum[^2] / count[^2] >= sum[^1] / count[^1])
            {
                int last = sum.Count - 1;
                input[last - 1] = ((input[last - 1] * count[last - 1]) + (input[last] * count[last])) / (count[last - 1] + count[last]);
                sum[last - 1] += sum[last];
                count[last - 1] += count[last];
                sum.RemoveAt(last);
                count.RemoveAt(last);
                input.RemoveAt(last);
            }
        }

        if (sum.Count > MaxPoints)
        {
            return null;
        }

        var x = input.ToArray();
        var rates = sum.Zip(count, (s, c) => s / c).ToArray();
        return new IsotonicCalibration(x, rates);
    }

    internal static void Write(BinaryWriter w, IsotonicCalibration? calibration)
    {
        w.Write(calibration?._x.Length ?? 0);
        if (calibration is null)
        {
            return;
        }

        for (int i = 0; i < calibration._x.Length; i++)
        {
            w.Write(calibration._x[i]);
            w.Write(calibration._y[i]);
        }
    }

    internal static IsotonicCalibration? Read(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n == 0)
        {
            return null;
        }

        if (n is < 0 or > MaxPoints)
        {
            throw new InvalidDataException($"The model's calibration has {n} points; at most {MaxPoints} are allowed.");
        }

        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = r.ReadDouble();
            y[i] = r.ReadDouble();
            if (!double.IsFinite(x[i]) || y[i] is < 0 or > 1 || double.IsNaN(y[i]) || (i > 0 && (x[i] <= x[i - 1] || y[i] < y[i - 1])))
            {
                throw new InvalidDataException($"Calibration point {i} is out of order or out of range (inputs ascending, outputs non-decreasing in 0..1).");
            }
        }

        return new IsotonicCalibration(x, y);
    }
}
