using System.Globalization;
using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Reporting;

/// <summary>Formatting shared by the report writers.</summary>
internal static class ReportNumbers
{
    public static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Pct(double value) => double.IsNaN(value) ? "n/a" : (value * 100).ToString("0.0", C) + "%";

    public static string F3(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", C);

    /// <summary>Per-type metrics rows for a model: (type, positives, AUC, AP, detection at each FPR).</summary>
    public static IEnumerable<(string Type, long Positives, double Auc, double Ap, double[] Detection)> PerType(ModelMetrics model) =>
        model.AttackTypes.Select(t =>
        {
            var h = model.ForType(t);
            return (t, h.Positives, h.RocAuc(model.All), h.AveragePrecision(model.All),
                EvaluationResult.FalsePositiveRates.Select(f => h.DetectionAt(f, model.All).DetectionRate).ToArray());
        });

    /// <summary>The <paramref name="count"/> largest counts, largest first, ties by key (so reports are deterministic).</summary>
    public static IEnumerable<KeyValuePair<string, long>> Top(Dictionary<string, long> counts, int count) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count);

    /// <summary>
    /// A detection threshold in [0, 1] as the 0-100 risk people see: "&#8805; 38.5", or "&gt; 0" for the lowest bin above
    /// zero (<see cref="ScoreHistogram.ThresholdOf"/>: exact zeros are never counted as detected).
    /// </summary>
    public static string Score(double threshold) =>
        double.IsNaN(threshold) ? "n/a" : threshold <= 0 ? "&gt; 0" : "&#8805; " + (threshold * 100).ToString("0.##", C);
}
