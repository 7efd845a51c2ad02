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
}
