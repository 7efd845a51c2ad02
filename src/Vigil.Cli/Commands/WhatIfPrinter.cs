using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core.Decisions;
using Vigil.Core.Pipeline;

namespace Vigil.Cli.Commands;

/// <summary>The what-if report as text.</summary>
internal static class WhatIfPrinter
{
    private static readonly DecisionOutcome[] Outcomes = Enum.GetValues<DecisionOutcome>();

    public static void Print(TextWriter o, WhatIfComparison c, string baseline, string draft, long errors)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"what-if: draft {draft} against baseline {baseline}: {c.Decisions:N0} decisions, {c.Changed:N0} change ({Pct(c.Changed, c.Decisions)}){(errors > 0 ? $", {errors:N0} input lines rejected" : "")}"));
        o.WriteLine();
        o.WriteLine("outcomes (rows: baseline, columns: draft)");
        o.WriteLine("               " + string.Concat(Outcomes.Select(x => Names.Of(x).PadLeft(10))));
        foreach (var from in Outcomes)
        {
            o.WriteLine(Names.Of(from).PadRight(15) + string.Concat(Outcomes.Select(to => c.Transition(from, to).ToString("N0", inv).PadLeft(10))));
        }

        o.WriteLine();
        o.WriteLine("per segment (draft): " + string.Join("  ", Outcomes.Select(Names.Of)));
        foreach (var (segment, counts) in c.BySegment(draft: true).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine("  " + segment.PadRight(28) + string.Join("  ", counts.Select(n => n.ToString("N0", inv))));
        }

        if (c.HasLabels)
        {
            o.WriteLine();
            o.WriteLine(string.Create(inv, $"legitimate events challenged: baseline {Pct(c.Legitimate.BaselineChallenged, c.Legitimate.Events)}, draft {Pct(c.Legitimate.DraftChallenged, c.Legitimate.Events)} of {c.Legitimate.Events:N0}"));
            o.WriteLine(string.Create(inv, $"attack events challenged:     baseline {Pct(c.Attacks.BaselineChallenged, c.Attacks.Events)}, draft {Pct(c.Attacks.DraftChallenged, c.Attacks.Events)} of {c.Attacks.Events:N0}"));
        }

        var affected = c.MostAffected(10);
        if (affected.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("identities most affected: " + string.Join(", ", affected.Select(a => string.Create(inv, $"{a.Identity} ({a.Changes:N0})"))));
            o.WriteLine();
            o.WriteLine("examples:");
            foreach (var e in c.Examples)
            {
                o.WriteLine(string.Create(inv, $"  {e.EventId} {e.Subject} -> {e.Resource ?? "sign-in"} risk {e.Risk}: {Names.Of(e.Baseline)} -> {Names.Of(e.Draft)} (segment {e.Segment}, rule {e.Rule ?? "-"}, VG{(int)e.Reason}){(e.AttackType is null ? "" : " [attack: " + e.AttackType + "]")}"));
            }
        }
    }

    private static string Pct(long part, long whole) => whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
