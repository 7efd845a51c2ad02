using System.Globalization;
using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Policies;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Lab.Formats;

/// <summary>
/// Replays each labelled rule case through a fresh engine and the default policy, as <c>vigil score</c> would score
/// it: read (with the stand-in time when the sample has none), enrich, score, decide. A case "fires" when the decision
/// would not be a plain permit. Each case is one event with no history, which is what the samples are.
/// </summary>
public static class RuleReplay
{
    public static IReadOnlyList<RuleCaseResult> Run(IReadOnlyList<RuleTestCase> cases, IEventEnricher? enricher = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var reader = new FormatEventReader(options: new FormatReaderOptions { MissingTimestampMs = FormatCoverage.StandInTimeMs });
        var policy = PolicyCompiler.Default();
        var results = new List<RuleCaseResult>(cases.Count);
        var lines = new List<EcsLine>();
        foreach (var test in cases)
        {
            if (test.Log is null)
            {
                results.Add(new RuleCaseResult(test, false, null, EventKind.Other, 0, DecisionOutcome.Permit, "no event in the test"));
                continue;
            }

            lines.Clear();
            reader.Read(test.Log, test.Line, lines);
            int first = lines.FindIndex(l => l.IsEvent);
            if (first < 0)
            {
                results.Add(new RuleCaseResult(test, false, null, EventKind.Other, 0, DecisionOutcome.Permit, lines.Count > 0 ? lines[0].Error : "nothing read"));
                continue;
            }

            var engine = new VigilEngine(new VigilEngineOptions { Seed = 1 });
            var evt = enricher is null ? lines[first].Event : enricher.Enrich(lines[first].Event);
            var assessment = engine.Observe(evt);
            var decision = policy.Decide(evt, assessment);
            var codes = new List<string>();
            for (int i = 0; i < assessment.FactorCount; i++)
            {
                codes.Add(assessment.Factor(i).CodeText);
            }

            results.Add(new RuleCaseResult(test, true, evt.Dataset, evt.Kind, assessment.Score, decision.WouldBe, codes.Count > 0 ? string.Join(' ', codes.Distinct()) : null));
        }

        return results;
    }

    /// <summary>One row per rule: its alert and no-alert cases, how many Vigil flags, and why the rest are not flagged.</summary>
    public static void Write(IReadOnlyList<RuleCaseResult> results, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        var read = results.Where(r => r.Read).ToList();
        int alerts = read.Count(r => r.Case.Expected), flaggedAlerts = read.Count(r => r.Case.Expected && r.Fires);
        int quiet = read.Count(r => !r.Case.Expected), flaggedQuiet = read.Count(r => !r.Case.Expected && r.Fires);
        writer.WriteLine(string.Create(c, $"{results.Count} cases, {read.Count} read. Vigil flags {flaggedAlerts} of {alerts} cases the rule alerts on, and {flaggedQuiet} of {quiet} it does not."));
        writer.WriteLine();
        writer.WriteLine("| rule | source | alert cases flagged | no-alert cases flagged | kinds | why (most common) |");
        writer.WriteLine("| --- | --- | ---: | ---: | --- | --- |");
        foreach (var rule in read.GroupBy(r => r.Case.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var positive = rule.Where(r => r.Case.Expected).ToList();
            var negative = rule.Where(r => !r.Case.Expected).ToList();
            string kinds = string.Join(", ", rule.Select(r => r.Kind.ToString()).Distinct().Order(StringComparer.Ordinal));
            string why = rule.GroupBy(Why).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            string sources = string.Join(", ", rule.Select(r => r.Dataset).Distinct().Order(StringComparer.Ordinal));
            writer.WriteLine(string.Create(c, $"| {rule.Key} | {sources} | {positive.Count(r => r.Fires)}/{positive.Count} | {negative.Count(r => r.Fires)}/{negative.Count} | {kinds} | {why} |"));
        }

        writer.WriteLine();
        var unread = results.Where(r => !r.Read).GroupBy(r => r.Case.LogTypes.Count == 1 ? r.Case.LogTypes[0] : r.Case.LogTypes.Count == 0 ? "(no log type)" : "(several log types)")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        writer.WriteLine("Cases not read (no reader for the source, or no event): " + string.Join(", ", unread.Select(g => string.Create(c, $"{g.Key} {g.Count()}"))) + ".");
    }

    private static string Why(RuleCaseResult r) => r switch
    {
        { Fires: true } => "flagged: " + (r.Reasons ?? "policy"),
        { Kind: EventKind.Other } => "read as other (configuration or account change): not scored",
        { Kind: EventKind.PrivilegeChange or EventKind.SignOut } => "state update (grant or sign-out): permitted by design",
        { Reasons: null } => "one event, no history: nothing unusual yet",
        _ => "scored below the step-up threshold: " + r.Reasons,
    };
}
