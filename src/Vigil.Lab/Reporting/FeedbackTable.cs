using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Reporting;

/// <summary>The tables <c>vigil evaluate --feedback-budget N</c> prints (Markdown, ready for docs/evaluation.md).</summary>
public static class FeedbackTable
{
    /// <summary>Days of the cold-start table.</summary>
    public const int ColdStartDays = 14;

    /// <summary>Prints the arms at equal detection, per attack type, the reasons of the remaining false challenges, cold start and probation's cost.</summary>
    public static void Print(TextWriter o, FeedbackReplayResult r)
    {
        var c = ReportNumbers.C;
        int from = r.LastThirdStart;
        var rows = r.Summarise();
        o.WriteLine(string.Create(c, $"feedback replay: {r.Events:N0} events over {r.DayCount} days from {r.FirstDay:yyyy-MM-dd}; the analyst takes, at the end of each UTC day, the top alert (score >= {r.AlertLevel}) of each of the {r.Budget} identities whose top alerts score highest, settling their other alerts of the same reason; last third = days {from + 1}-{r.DayCount}"));
        o.WriteLine(string.Create(c, $"equal detection: the no-feedback engine's detection of the last third's attack events at {ReportNumbers.Pct(FeedbackReplayResult.ReferenceFalseChallengeRate)} false challenges"));
        o.WriteLine();
        o.WriteLine("| arm | benign alerts acted on | attack alerts confirmed | threshold | detection | false challenges (of benign) | of which under a confirmed compromise | policy: false challenges | policy: detection |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in rows)
        {
            o.WriteLine(string.Create(c, $"| {s.Arm.Name} | {s.Arm.BenignActed:N0} | {s.Arm.AttacksConfirmed:N0} | {s.Threshold:0.0000} | {ReportNumbers.Pct(s.Detection)} | {s.FalseChallenges:N0} ({ReportNumbers.Pct(s.Benign == 0 ? double.NaN : s.FalseChallenges / (double)s.Benign)}) | {s.UnderCompromise:N0} | {s.PolicyFalseChallenges:N0} | {ReportNumbers.Pct(s.PolicyDetection)} |"));
        }

        foreach (var s in rows.Where(s => s.Arm.Mode == FeedbackMode.Learn))
        {
            o.WriteLine(string.Create(c, $"{s.Arm.Name}: {s.Arm.AlertsSettled:N0} more benign alerts settled with the top ones, {s.Arm.TravelPairsLearned:N0} travel pairs confirmed, {s.Arm.Remediated:N0} compromises remediated at the person's next sign-in"));
        }

        var reference = rows[0];
        foreach (var s in rows.Skip(1))
        {
            o.WriteLine(string.Create(c, $"{s.Arm.Name}: {Change(reference.FalseChallenges, s.FalseChallenges)} false challenges at equal detection ({Change(reference.FalseChallenges, s.FalseChallenges - s.UnderCompromise)} without those under a confirmed compromise), {Change(reference.PolicyFalseChallenges, s.PolicyFalseChallenges)} under the policy"));
        }

        o.WriteLine();
        o.WriteLine("detection per attack type, last third, at each arm's equal-detection threshold (policy in brackets):");
        o.WriteLine();
        o.WriteLine("| attack type | events | " + string.Join(" | ", rows.Select(s => s.Arm.Name)) + " |");
        o.WriteLine("| --- | ---: |" + string.Concat(rows.Select(_ => " ---: |")));
        foreach (string type in rows.SelectMany(s => s.ByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            int events = rows[0].ByType.TryGetValue(type, out var t0) ? t0.Events : 0;
            o.WriteLine(string.Create(c, $"| {type} | {events:N0} | ") + string.Join(" | ", rows.Select(s => s.ByType.TryGetValue(type, out var t) && t.Events > 0
                ? string.Create(c, $"{ReportNumbers.Pct(t.Detected / (double)t.Events)} ({ReportNumbers.Pct(t.Challenged / (double)t.Events)})") : "-")) + " |");
        }

        o.WriteLine();
        o.WriteLine("false challenges of the last third under the policy, by first reason:");
        foreach (var s in rows)
        {
            var reasons = s.Arm.Days.Skip(from).SelectMany(d => d.FalseChallengeReasons).GroupBy(p => p.Key, StringComparer.Ordinal)
                .Select(g => (Code: g.Key, Count: g.Sum(p => p.Value))).OrderByDescending(p => p.Count).ThenBy(p => p.Code, StringComparer.Ordinal).Take(8);
            o.WriteLine(string.Create(c, $"  {s.Arm.Name}: ") + string.Join(", ", reasons.Select(p => string.Create(c, $"{p.Code} {p.Count:N0}"))));
            if (s.Arm.Mode != FeedbackMode.None)
            {
                var recurring = s.Arm.Days.Skip(from).SelectMany(d => d.RecurringReasons).GroupBy(p => p.Key, StringComparer.Ordinal)
                    .Select(g => (Code: g.Key, Count: g.Sum(p => p.Value))).OrderByDescending(p => p.Count).ThenBy(p => p.Code, StringComparer.Ordinal).Take(8);
                o.WriteLine("    of which on identities with a benign alert acted on earlier: " + string.Join(", ", recurring.Select(p => string.Create(c, $"{p.Code} {p.Count:N0}"))));
            }
        }

        PrintColdStart(o, r);
    }

    private static void PrintColdStart(TextWriter o, FeedbackReplayResult r)
    {
        var c = ReportNumbers.C;
        var none = r.Arms[0];
        var learn = r.Arms[1];
        var off = r.Arms[3];
        o.WriteLine();
        o.WriteLine("cold start: legitimate sign-ins challenged by the policy per day (first 14 days):");
        o.WriteLine();
        o.WriteLine("| day | legitimate sign-ins | no feedback | feedback | probation off |");
        o.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        for (int d = 0; d < Math.Min(ColdStartDays, r.DayCount); d++)
        {
            var n = none.Day(d).LegitimateSignIns;
            o.WriteLine(string.Create(c, $"| {d + 1} | {n.Events:N0} | {ReportNumbers.Pct(n.Rate)} | {ReportNumbers.Pct(learn.Day(d).LegitimateSignIns.Rate)} | {ReportNumbers.Pct(off.Day(d).LegitimateSignIns.Rate)} |"));
        }

        long on14 = none.Days.Take(ColdStartDays).Sum(d => d.Legitimate.Challenged), off14 = off.Days.Take(ColdStartDays).Sum(d => d.Legitimate.Challenged);
        long onAll = none.Days.Sum(d => d.Legitimate.Challenged), offAll = off.Days.Sum(d => d.Legitimate.Challenged);
        long legit = none.Days.Sum(d => d.Legitimate.Events);
        o.WriteLine();
        o.WriteLine(string.Create(c, $"probation's cost (no feedback, policy false challenges of all {legit:N0} legitimate events): first {ColdStartDays} days {on14:N0} with probation, {off14:N0} without ({on14 - off14:+#,0;-#,0;0}); whole stream {onAll:N0} vs {offAll:N0} ({onAll - offAll:+#,0;-#,0;0})"));
    }

    private static string Change(long before, long after) =>
        before == 0 ? "n/a" : string.Create(ReportNumbers.C, $"{(after - before) / (double)before:+0.0%;-0.0%;0.0%}");
}
