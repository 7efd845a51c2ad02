using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Reporting;

/// <summary>The short table <c>vigil evaluate</c> prints.</summary>
public static class SummaryTable
{
    /// <summary>Prints models, the active policy's costs and catches, and per-type detection.</summary>
    public static void Print(TextWriter o, EvaluationResult r)
    {
        var c = ReportNumbers.C;
        o.WriteLine(string.Create(c, $"{r.Scored:N0} events scored ({r.Models[0].All.Positives:N0} attack, {r.Models[0].All.Negatives:N0} benign) in {r.Elapsed.TotalSeconds:0.0} s, peak {r.PeakMemoryBytes / 1048576.0:N0} MiB"));
        o.WriteLine();
        o.WriteLine("model           ROC AUC   avg prec  det@0.1%  det@1%    det@5%");
        foreach (var m in r.Models)
        {
            o.WriteLine(string.Create(c, $"{m.Name,-15} {ReportNumbers.F3(m.All.RocAuc()),-9} {ReportNumbers.F3(m.All.AveragePrecision()),-9} {ReportNumbers.Pct(m.All.DetectionAt(0.001).DetectionRate),-9} {ReportNumbers.Pct(m.All.DetectionAt(0.01).DetectionRate),-9} {ReportNumbers.Pct(m.All.DetectionAt(0.05).DetectionRate)}"));
        }

        o.WriteLine();
        o.WriteLine(string.Create(c, $"policy {r.PolicyVersion}: challenges {ReportNumbers.Pct(r.LegitimateSignIns.Rate)} of legitimate sign-ins ({r.LegitimateSignIns.Challenged:N0} of {r.LegitimateSignIns.Events:N0}), {ReportNumbers.Pct(r.LegitimateAccess.Rate)} of all legitimate access; catches {ReportNumbers.Pct(r.Attacks.Rate)} of attack events and {r.Campaigns.Values.Count(x => x.Caught)} of {r.Campaigns.Count} campaigns"));
        o.WriteLine();
        o.WriteLine("attack type              events   AUC     det@1%   FPR@99%  policy   campaigns");
        foreach (var row in ReportNumbers.PerType(r.Models[0]))
        {
            var campaigns = r.Campaigns.Values.Where(x => x.Type == row.Type).ToList();
            o.WriteLine(string.Create(c, $"{row.Type,-24} {row.Positives,7:N0}  {ReportNumbers.F3(row.Auc),-7} {ReportNumbers.Pct(row.Detection[1]),-8} {ReportNumbers.Pct(r.Models[0].ForType(row.Type).FalsePositiveRateAt(0.99, r.Models[0].All)),-8} {ReportNumbers.Pct(r.AttacksByType.GetValueOrDefault(row.Type)?.Rate ?? double.NaN),-8} {campaigns.Count(x => x.Caught)}/{campaigns.Count}"));
        }

        // Every model per type, so a change in one family reads against the references of the same run.
        o.WriteLine();
        o.WriteLine("AUC / det@1% per type: " + string.Join("  ", r.Models.Select(m => m.Name)));
        foreach (string type in r.Models[0].AttackTypes)
        {
            o.WriteLine(string.Create(c, $"{type,-24} ") + string.Join("  ", r.Models.Select(m =>
                string.Create(c, $"{ReportNumbers.F3(m.ForType(type).RocAuc(m.All)),-5} / {ReportNumbers.Pct(m.ForType(type).DetectionAt(0.01, m.All).DetectionRate),-6}"))));
        }

        if (r.Families is { } families)
        {
            PrintFamilies(o, families);
        }
    }

    /// <summary>The model-family table: each family alone on the same events, with the brief's claims beside the measurements.</summary>
    public static void PrintFamilies(TextWriter o, IReadOnlyList<FamilyRow> families)
    {
        var c = ReportNumbers.C;
        o.WriteLine();
        o.WriteLine("model families (each alone on the same events; brief's claim in brackets; alerts: score >= 40)");
        o.WriteLine("family              ROC AUC  avg prec  det@1%   latency p50 / p99 [claim]         explained alerts [claim]     adaptation  needs");
        foreach (var f in families)
        {
            var m = f.Metrics.All;
            string latency = string.Create(c, $"{Micro(f.Latency.Quantile(0.5))} / {Micro(f.Latency.Quantile(0.99))}") + (f.ClaimedLatency.Length > 0 ? $" [{f.ClaimedLatency}]" : "");
            string explained = (double.IsNaN(f.Explainability) ? "no alerts" : string.Create(c, $"{ReportNumbers.Pct(f.Explainability)} of {f.Alerts:N0}"))
                + (f.ClaimedExplainability.Length > 0 ? $" [{f.ClaimedExplainability}]" : "");
            o.WriteLine(string.Create(c, $"{f.Name,-19} {ReportNumbers.F3(m.RocAuc()),-8} {ReportNumbers.F3(m.AveragePrecision()),-9} {ReportNumbers.Pct(m.DetectionAt(0.01).DetectionRate),-8} {latency,-33} {explained,-28} {f.Adaptation,-11} {f.Needs}"));
        }

        var types = families.SelectMany(f => f.Metrics.AttackTypes).Distinct().Order(StringComparer.Ordinal).ToList();
        o.WriteLine();
        o.WriteLine("det@1% per type: " + string.Join("  ", families.Select(f => f.Name)));
        foreach (string type in types)
        {
            o.WriteLine(string.Create(c, $"{type,-24} ") + string.Join("  ", families.Select(f =>
                f.Metrics.AttackTypes.Contains(type) ? ReportNumbers.Pct(f.Metrics.ForType(type).DetectionAt(0.01, f.Metrics.All).DetectionRate).PadRight(f.Name.Length) : "-".PadRight(f.Name.Length))));
        }
    }

    private static string Micro(double ns) => double.IsNaN(ns) ? "-" : ns >= 1e6
        ? string.Create(ReportNumbers.C, $"{ns / 1e6:0.0} ms")
        : string.Create(ReportNumbers.C, $"{ns / 1e3:0.0} us");
}
