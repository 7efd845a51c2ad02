using System.Net;
using System.Text;
using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Reporting;

/// <summary>Writes report.html: one self-contained page (inline SVG, no scripts, no network) with plots and tables.</summary>
public static class ReportHtmlWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(EvaluationResult r, TextWriter output, string title = "Vigil evaluation")
    {
        var C = ReportNumbers.C;
        var vigil = r.Models[0];
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>").Append(Esc(title)).Append("</title>");
        sb.Append("<style>body{font-family:sans-serif;max-width:1180px;margin:24px auto;color:#222}table{border-collapse:collapse;margin:8px 0 20px}");
        sb.Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}");
        sb.Append("td.t,th.t{text-align:left}td.n{white-space:nowrap}");
        sb.Append(".charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}</style></head><body>");
        sb.Append("<h1>").Append(Esc(title)).Append("</h1>");
        sb.Append(C, $"<p>{r.Scored:N0} events scored before learning ({r.Lines:N0} lines, {r.Rejected:N0} rejected), policy <b>{Esc(r.PolicyVersion)}</b>, ");
        sb.Append(C, $"{r.Elapsed.TotalSeconds:0.0} s, peak working set {r.PeakMemoryBytes / 1048576.0:N0} MiB (high-water mark). Positives: events with <code>labels.attack_type</code>.</p>");

        sb.Append("<h2>Ranking quality</h2><table><tr><th>model</th><th>ROC AUC</th><th>average precision</th>");
        foreach (double f in EvaluationResult.FalsePositiveRates)
        {
            sb.Append("<th>detection at ").Append(ReportNumbers.Pct(f)).Append(" false challenges</th>");
        }

        sb.Append("</tr>");
        foreach (var m in r.Models)
        {
            sb.Append("<tr><td>").Append(Esc(m.Name)).Append("</td><td>").Append(ReportNumbers.F3(m.All.RocAuc())).Append("</td><td>").Append(ReportNumbers.F3(m.All.AveragePrecision())).Append("</td>");
            foreach (double f in EvaluationResult.FalsePositiveRates)
            {
                sb.Append("<td>").Append(ReportNumbers.Pct(m.All.DetectionAt(f).DetectionRate)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>");
        sb.Append("<p>Score threshold (risk 0-100) that each operating point takes: events at or above it are counted as detected.</p>");
        sb.Append("<table><tr><th>model</th>");
        foreach (double f in EvaluationResult.FalsePositiveRates)
        {
            sb.Append("<th>threshold at ").Append(ReportNumbers.Pct(f)).Append(" false challenges</th>");
        }

        sb.Append("</tr>");
        foreach (var m in r.Models)
        {
            sb.Append("<tr><td>").Append(Esc(m.Name)).Append("</td>");
            foreach (double f in EvaluationResult.FalsePositiveRates)
            {
                var point = m.All.DetectionAt(f);
                sb.Append(C, $"<td>{ReportNumbers.Score(point.Threshold)} (actual {ReportNumbers.Pct(point.FalsePositiveRate)})</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table><div class='charts'>");
        sb.Append(SvgChart.Lines("ROC (log false-challenge rate)", "false-challenge rate", "detection rate",
            [.. r.Models.Select((m, i) => new SvgChart.Series(m.Name, RocFrom(m.All.RocCurve(), RocXMin), i > 0))], xMin: RocXMin, xMax: 1, logX: true));
        sb.Append(SvgChart.Lines("Precision-recall", "recall", "precision",
            [.. r.Models.Select((m, i) => new SvgChart.Series(m.Name, m.All.PrCurve(), i > 0))]));
        var (pos, neg) = vigil.All.Distribution(20);
        // The scale follows the attacks and the benign tail: the benign mass at the lowest scores would flatten
        // everything else, so it is drawn clipped with its value printed.
        double yMax = Math.Max(0.05, Math.Max(pos.Max(), neg.Skip(1).DefaultIfEmpty(0).Max()));
        sb.Append(SvgChart.Lines("Score distribution (vigil)", "risk (0-1)", "share of events",
            [new("benign", neg.Select((v, i) => ((i + 0.5) / 20.0, v)).ToList()), new("attack", pos.Select((v, i) => ((i + 0.5) / 20.0, v)).ToList())], yMax: Math.Min(1, yMax * 1.1)));
        var days = r.Days.ToList();
        if (days.Count > 0)
        {
            double maxRate = Math.Max(0.05, days.Max(d => Math.Max(Nz(d.Value.Legitimate.Rate), Nz(d.Value.Attacks.Rate))));
            sb.Append(SvgChart.Lines("Challenge rate per day (active policy, would-be)", "day (UTC)", "share challenged",
                [new("legitimate sign-ins", days.Select((d, i) => ((double)i, Nz(d.Value.Legitimate.Rate))).ToList()),
                 new("attack events (days with attacks)", days.Select((d, i) => ((double)i, d.Value.Attacks.Rate)).Where(p => !double.IsNaN(p.Item2)).ToList())],
                xMin: 0, xMax: Math.Max(1, days.Count - 1), yMax: Math.Min(1, maxRate * 1.1),
                xTick: x => days[Math.Clamp((int)Math.Round(x), 0, days.Count - 1)].Key.ToString("MMM d", C)));
        }

        var types = vigil.AttackTypes.ToList();
        if (types.Count > 0)
        {
            sb.Append(SvgChart.Bars("Detection per attack type at 1% false challenges (ranking)", "detection rate", types,
                [.. r.Models.Select(m => (m.Name, types.Select(t => Nz(m.ForType(t).DetectionAt(0.01, m.All).DetectionRate)).ToArray()))]));
            sb.Append(SvgChart.Bars("Share of attack events the active policy challenges", "challenged (would-be)", types,
                [("policy " + r.PolicyVersion, types.Select(t => Nz(r.AttacksByType.GetValueOrDefault(t)?.Rate ?? double.NaN)).ToArray())]));
        }

        sb.Append("</div>");

        sb.Append("<h2>Under the active policy</h2><table><tr><th>events</th><th>count</th><th>challenged</th><th>denied</th><th>rate</th></tr>");
        Row(sb, "legitimate sign-ins", r.LegitimateSignIns);
        Row(sb, "legitimate access (all kinds)", r.LegitimateAccess);
        Row(sb, "attack events", r.Attacks);
        sb.Append("</table>");

        sb.Append("<h2>Per attack type</h2><table><tr><th>attack type</th><th>events</th><th>ROC AUC</th><th>AP</th>");
        foreach (double f in EvaluationResult.FalsePositiveRates)
        {
            sb.Append("<th>det. @").Append(ReportNumbers.Pct(f)).Append("</th>");
        }

        sb.Append("<th>false challenges for 99% detection</th><th>policy catch rate</th><th>campaigns caught</th><th>median time to catch</th></tr>");
        foreach (var row in ReportNumbers.PerType(vigil))
        {
            var campaigns = r.Campaigns.Values.Where(c => c.Type == row.Type).ToList();
            var times = campaigns.Where(c => c.Caught).Select(c => c.TimeToCatch!.Value.TotalMinutes).Order().ToList();
            sb.Append(C, $"<tr><td>{Esc(row.Type)}</td><td>{row.Positives:N0}</td><td>{ReportNumbers.F3(row.Auc)}</td><td>{ReportNumbers.F3(row.Ap)}</td>");
            foreach (double d in row.Detection)
            {
                sb.Append("<td>").Append(ReportNumbers.Pct(d)).Append("</td>");
            }

            sb.Append(C, $"<td>{ReportNumbers.Pct(vigil.ForType(row.Type).FalsePositiveRateAt(0.99, vigil.All))}</td>");
            sb.Append(C, $"<td>{ReportNumbers.Pct(r.AttacksByType.GetValueOrDefault(row.Type)?.Rate ?? double.NaN)}</td><td>{campaigns.Count(c => c.Caught)} / {campaigns.Count}</td>");
            sb.Append(C, $"<td>{(times.Count == 0 ? "-" : times[times.Count / 2].ToString("0.#", C) + " min")}</td></tr>");
        }

        sb.Append("</table>");

        sb.Append("<h2>Campaigns</h2><table><tr><th>campaign</th><th class='t'>attack type</th><th>first event (UTC)</th><th>events</th><th>challenged</th><th>caught</th><th>time to catch</th></tr>");
        foreach (var c in r.Campaigns.Values.OrderBy(c => c.FirstEventMs).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            sb.Append(C, $"<tr><td>{Esc(c.Id)}</td><td class='t'>{Esc(c.Type)}</td><td class='n'>{Time(c.FirstEventMs)}</td><td>{c.Events:N0}</td><td>{c.Challenged:N0}</td><td>{(c.Caught ? "yes" : "<b>no</b>")}</td>");
            sb.Append(C, $"<td>{(c.TimeToCatch is { } t ? t.TotalMinutes.ToString("0.#", C) + " min" : "-")}</td></tr>");
        }

        sb.Append("</table>");

        sb.Append(C, $"<h2>Missed attack events</h2><p>Attack events the active policy permitted, with the engine's reasons (the first {EvaluationResult.MaxMissedPerType} of each type; every count is in the per-type table).</p>");
        sb.Append("<table><tr><th>time (UTC)</th><th class='t'>attack type</th><th class='t'>campaign</th><th class='t'>identity</th><th>risk</th><th class='t'>reasons, strongest first</th></tr>");
        foreach (var m in r.MissedAttacks.OrderBy(m => m.AttackType, StringComparer.Ordinal).ThenBy(m => m.TimestampMs))
        {
            sb.Append(C, $"<tr><td class='n'>{Time(m.TimestampMs)}</td><td class='t'>{Esc(m.AttackType)}</td><td class='t'>{Esc(m.AttackId ?? "-")}</td><td class='t'>{Esc(m.Identity)}</td><td>{m.Score}</td>");
            sb.Append("<td class='t'>").Append(m.Reasons.Count == 0 ? "(no reason: nothing unusual was seen)" : string.Join("<br>", m.Reasons.Select(Esc))).Append("</td></tr>");
        }

        sb.Append("</table>");

        var fc = r.FalseChallenges;
        sb.Append(C, $"<h2>False challenges</h2><p>{fc.Total:N0} legitimate access events the active policy would challenge, by their strongest reason and by identity.</p>");
        sb.Append("<div class='charts'><table><tr><th>strongest reason</th><th>challenges</th><th>share</th></tr>");
        foreach (var (reason, count) in fc.ByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(C, $"<tr><td>{Esc(reason)}</td><td>{count:N0}</td><td>{ReportNumbers.Pct(count / (double)fc.Total)}</td></tr>");
        }

        sb.Append(C, $"</table><table><tr><th>identity (top 20 of {fc.ByIdentity.Count:N0})</th><th>challenges</th><th>share</th></tr>");
        foreach (var (identity, count) in ReportNumbers.Top(fc.ByIdentity, 20))
        {
            sb.Append(C, $"<tr><td>{Esc(identity)}</td><td>{count:N0}</td><td>{ReportNumbers.Pct(count / (double)fc.Total)}</td></tr>");
        }

        sb.Append("</table></div>");

        if (r.Families is { } families)
        {
            WriteFamilies(sb, families);
        }

        sb.Append("<h2>Detector contributions (vigil)</h2><table><tr><th>code</th><th>fired on attacks</th><th>fired on benign</th><th>mean contribution on attacks</th><th>mean contribution on benign</th><th>attack types</th></tr>");
        foreach (var d in r.Detectors.Values.OrderByDescending(d => d.AttackHits).ThenBy(d => d.Code, StringComparer.Ordinal))
        {
            sb.Append(C, $"<tr><td>{d.Code}</td><td>{d.AttackHits:N0}</td><td>{d.BenignHits:N0}</td><td>{(d.AttackHits == 0 ? 0 : d.AttackContribution / d.AttackHits):0.00}</td><td>{(d.BenignHits == 0 ? 0 : d.BenignContribution / d.BenignHits):0.00}</td>");
            sb.Append("<td>").Append(Esc(string.Join(", ", d.HitsByType.OrderByDescending(p => p.Value).Take(4).Select(p => string.Create(C, $"{p.Key} {p.Value:N0}"))))).Append("</td></tr>");
        }

        sb.Append("</table>");

        sb.Append("<h2>Monitor-mode view: would-be challenges per segment and day</h2><table><tr><th>segment</th><th>day</th><th>permit</th><th>step-up</th><th>limit</th><th>deny</th></tr>");
        foreach (var ((segment, day), o) in r.SegmentDays.Where(p => p.Value[1] + p.Value[2] + p.Value[3] > 0).Take(400))
        {
            sb.Append(C, $"<tr><td>{Esc(segment)}</td><td>{day:yyyy-MM-dd}</td><td>{o[0]:N0}</td><td>{o[1]:N0}</td><td>{o[2]:N0}</td><td>{o[3]:N0}</td></tr>");
        }

        sb.Append("</table></body></html>");
        output.Write(sb.ToString());
    }

    /// <summary>The model-family table (<c>--families</c>): each family alone on the same events, the brief's claims beside the measurements.</summary>
    private static void WriteFamilies(StringBuilder sb, IReadOnlyList<FamilyRow> families)
    {
        var C = ReportNumbers.C;
        sb.Append("<h2>Model families, measured</h2><p>Each family alone on the same events (docs/evaluation.md). Latency: in-process <code>Observe</code> per scored event. ");
        sb.Append(C, $"Explained: alerts (score {FamilyRow.AlertScore} or more) whose strongest reason names a concrete feature, entity or route. The brief's claim is in brackets.</p>");
        sb.Append("<table><tr><th>family</th><th>ROC AUC</th><th>AP</th><th>det. @1%</th><th>latency p50 / p99 [claim]</th><th>explained alerts [claim]</th><th>adaptation (0/10/100 labels)</th><th class='t'>needs</th></tr>");
        foreach (var f in families)
        {
            var m = f.Metrics.All;
            sb.Append(C, $"<tr><td>{Esc(f.Name)}</td><td>{ReportNumbers.F3(m.RocAuc())}</td><td>{ReportNumbers.F3(m.AveragePrecision())}</td><td>{ReportNumbers.Pct(m.DetectionAt(0.01).DetectionRate)}</td>");
            sb.Append(C, $"<td class='n'>{Micro(f.Latency.Quantile(0.5))} / {Micro(f.Latency.Quantile(0.99))}{(f.ClaimedLatency.Length > 0 ? " [" + Esc(f.ClaimedLatency) + "]" : "")}</td>");
            sb.Append(C, $"<td>{(double.IsNaN(f.Explainability) ? "no alerts" : ReportNumbers.Pct(f.Explainability) + " of " + f.Alerts.ToString("N0", C))}{(f.ClaimedExplainability.Length > 0 ? " [" + Esc(f.ClaimedExplainability) + "]" : "")}</td>");
            sb.Append(C, $"<td>{Esc(f.Adaptation)}</td><td class='t'>{Esc(f.Needs)}</td></tr>");
        }

        sb.Append("</table><table><tr><th>detection at 1% false challenges</th>");
        foreach (var f in families)
        {
            sb.Append("<th>").Append(Esc(f.Name)).Append("</th>");
        }

        sb.Append("</tr>");
        foreach (string type in families.SelectMany(f => f.Metrics.AttackTypes).Distinct().Order(StringComparer.Ordinal))
        {
            sb.Append("<tr><td>").Append(Esc(type)).Append("</td>");
            foreach (var f in families)
            {
                sb.Append("<td>").Append(f.Metrics.AttackTypes.Contains(type) ? ReportNumbers.Pct(f.Metrics.ForType(type).DetectionAt(0.01, f.Metrics.All).DetectionRate) : "-").Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>");
    }

    private static string Micro(double ns) => double.IsNaN(ns) ? "-" : ns >= 1e6
        ? (ns / 1e6).ToString("0.0", ReportNumbers.C) + " ms"
        : (ns / 1e3).ToString("0.0", ReportNumbers.C) + " µs";

    private static void Row(StringBuilder sb, string name, ChallengeCounts c) =>
        sb.Append(ReportNumbers.C, $"<tr><td>{name}</td><td>{c.Events:N0}</td><td>{c.Challenged:N0}</td><td>{c.Denied:N0}</td><td>{ReportNumbers.Pct(c.Rate)}</td></tr>");

    /// <summary>The left end of the ROC chart's log axis.</summary>
    private const double RocXMin = 1e-4;

    /// <summary>
    /// The ROC curve from <paramref name="xMin"/> on: points left of the axis are not drawn at its edge (which would read
    /// as detection at that rate); the curve starts at xMin with the detection reached there.
    /// </summary>
    private static List<(double X, double Y)> RocFrom(IReadOnlyList<(double Fpr, double Tpr)> curve, double xMin)
    {
        double atMin = curve.Where(p => p.Fpr <= xMin).Select(p => p.Tpr).DefaultIfEmpty(0).Max();
        return [(xMin, atMin), .. curve.Where(p => p.Fpr > xMin)];
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm", ReportNumbers.C);

    private static double Nz(double v) => double.IsNaN(v) ? 0 : v;

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
