using System.Text.Json;
using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Reporting;

/// <summary>Writes report.json: every number of the evaluation, machine-readable.</summary>
public static class ReportJsonWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(EvaluationResult r, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("policy_version", r.PolicyVersion);
        w.WriteNumber("lines", r.Lines);
        w.WriteNumber("events_scored", r.Scored);
        w.WriteNumber("lines_rejected", r.Rejected);
        w.WriteNumber("elapsed_seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
        w.WriteNumber("peak_working_set_bytes", r.PeakMemoryBytes);
        w.WriteStartArray("models");
        foreach (var m in r.Models)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            WriteHistogram(w, m.All, null);
            w.WriteStartArray("per_attack_type");
            foreach (var t in m.AttackTypes)
            {
                w.WriteStartObject();
                w.WriteString("attack_type", t);
                WriteHistogram(w, m.ForType(t), m.All);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (r.Families is { } families)
        {
            w.WriteStartArray("families");
            foreach (var f in families)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("detector_families", f.Families.ToString());
                w.WriteBoolean("ablation", f.IsAblation);
                WriteHistogram(w, f.Metrics.All, null);
                w.WriteNumber("latency_p50_us", Math.Round(f.Latency.Quantile(0.5) / 1e3, 3));
                w.WriteNumber("latency_p99_us", Math.Round(f.Latency.Quantile(0.99) / 1e3, 3));
                w.WriteNumber("alerts", f.Alerts);
                w.WriteNumber("explained_alerts", f.ExplainedAlerts);
                w.WriteString("adaptation", f.Adaptation);
                w.WriteString("needs", f.Needs);
                w.WriteString("claimed_latency", f.ClaimedLatency);
                w.WriteString("claimed_explainability", f.ClaimedExplainability);
                w.WriteStartArray("per_attack_type");
                foreach (var t in f.Metrics.AttackTypes)
                {
                    w.WriteStartObject();
                    w.WriteString("attack_type", t);
                    WriteHistogram(w, f.Metrics.ForType(t), f.Metrics.All);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("policy");
        WriteCounts(w, "legitimate_sign_ins", r.LegitimateSignIns);
        WriteCounts(w, "legitimate_access", r.LegitimateAccess);
        WriteCounts(w, "attack_events", r.Attacks);
        w.WriteStartObject("attack_events_by_type");
        foreach (var (type, counts) in r.AttacksByType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteCounts(w, type, counts);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("campaigns");
        foreach (var c in r.Campaigns.Values.OrderBy(c => c.FirstEventMs).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("attack_id", c.Id);
            w.WriteString("attack_type", c.Type);
            w.WriteNumber("events", c.Events);
            w.WriteNumber("challenged", c.Challenged);
            w.WriteBoolean("caught", c.Caught);
            if (c.TimeToCatch is { } ttc)
            {
                w.WriteNumber("time_to_catch_seconds", Math.Round(ttc.TotalSeconds, 1));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("days");
        foreach (var (day, (legit, attacks)) in r.Days)
        {
            w.WriteStartObject();
            w.WriteString("day", day.ToString("yyyy-MM-dd", ReportNumbers.C));
            WriteCounts(w, "legitimate_sign_ins", legit);
            WriteCounts(w, "attack_events", attacks);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("monitor_view");
        foreach (var ((segment, day), outcomes) in r.SegmentDays)
        {
            w.WriteStartObject();
            w.WriteString("segment", segment);
            w.WriteString("day", day.ToString("yyyy-MM-dd", ReportNumbers.C));
            w.WriteNumber("permit", outcomes[0]);
            w.WriteNumber("step_up", outcomes[1]);
            w.WriteNumber("limit", outcomes[2]);
            w.WriteNumber("deny", outcomes[3]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("missed_attack_events");
        foreach (var m in r.MissedAttacks)
        {
            w.WriteStartObject();
            w.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(m.TimestampMs).ToString("yyyy-MM-ddTHH:mm:ssZ", ReportNumbers.C));
            w.WriteString("identity", m.Identity);
            w.WriteString("attack_type", m.AttackType);
            if (m.AttackId is not null)
            {
                w.WriteString("attack_id", m.AttackId);
            }

            w.WriteNumber("score", m.Score);
            w.WriteStartArray("reasons");
            foreach (string reason in m.Reasons)
            {
                w.WriteStringValue(reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("false_challenges");
        w.WriteNumber("total", r.FalseChallenges.Total);
        w.WriteStartObject("by_reason");
        foreach (var (reason, count) in r.FalseChallenges.ByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteStartObject("top_identities");
        foreach (var (identity, count) in ReportNumbers.Top(r.FalseChallenges.ByIdentity, 100))
        {
            w.WriteNumber(identity, count);
        }

        w.WriteEndObject();
        w.WriteNumber("identities", r.FalseChallenges.ByIdentity.Count);
        w.WriteNumber("other_identities_challenges", r.FalseChallenges.OtherIdentities);
        w.WriteEndObject();
        w.WriteStartArray("detectors");
        foreach (var d in r.Detectors.Values.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteNumber("attack_hits", d.AttackHits);
            w.WriteNumber("benign_hits", d.BenignHits);
            w.WriteNumber("attack_contribution", Math.Round(d.AttackContribution, 3));
            w.WriteNumber("benign_contribution", Math.Round(d.BenignContribution, 3));
            w.WriteStartObject("attack_hits_by_type");
            foreach (var (type, hits) in d.HitsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(type, hits);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHistogram(Utf8JsonWriter w, ScoreHistogram h, ScoreHistogram? negatives)
    {
        w.WriteNumber("positives", h.Positives);
        w.WriteNumber("negatives", (negatives ?? h).Negatives);
        WriteNumber(w, "roc_auc", h.RocAuc(negatives));
        WriteNumber(w, "average_precision", h.AveragePrecision(negatives));
        w.WriteStartObject("detection_rate_at_fpr");
        foreach (double fpr in EvaluationResult.FalsePositiveRates)
        {
            WriteNumber(w, fpr.ToString("0.###", ReportNumbers.C), h.DetectionAt(fpr, negatives).DetectionRate);
        }

        w.WriteEndObject();
        w.WriteStartObject("threshold_at_fpr");
        foreach (double fpr in EvaluationResult.FalsePositiveRates)
        {
            WriteNumber(w, fpr.ToString("0.###", ReportNumbers.C), h.DetectionAt(fpr, negatives).Threshold);
        }

        w.WriteEndObject();
        WriteNumber(w, "false_positive_rate_at_99_detection", h.FalsePositiveRateAt(0.99, negatives));
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, ChallengeCounts c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("events", c.Events);
        w.WriteNumber("challenged", c.Challenged);
        w.WriteNumber("denied", c.Denied);
        WriteNumber(w, "challenge_rate", c.Rate);
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
    }
}
