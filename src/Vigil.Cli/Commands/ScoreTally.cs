using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core.Decisions;
using Vigil.Core.Pipeline;
using Vigil.Core.Scoring;

namespace Vigil.Cli.Commands;

/// <summary>Counts for the summary printed after a scoring run.</summary>
internal sealed class ScoreTally
{
    private readonly long[] _levels = new long[5];
    private readonly long[] _outcomes = new long[4];
    private readonly Dictionary<ReasonCode, long> _reasons = [];

    public long Events { get; private set; }

    public void Add(in ScoredEvent scored)
    {
        Events++;
        _levels[(int)scored.Assessment.Level]++;
        _outcomes[(int)scored.Decision.WouldBe]++;
        for (int i = 0; i < scored.Assessment.FactorCount; i++)
        {
            var code = scored.Assessment.Factor(i).Code;
            _reasons[code] = _reasons.GetValueOrDefault(code) + 1;
        }
    }

    public void Print(TextWriter error, ReplaySummary summary, TimeSpan elapsed, string policyVersion)
    {
        var c = CultureInfo.InvariantCulture;
        error.WriteLine(string.Create(c, $"vigil score: {summary.Events:N0} events scored, {summary.Errors:N0} lines rejected, {summary.LateEvents:N0} late, in {elapsed.TotalSeconds:0.0} s ({summary.Events / Math.Max(elapsed.TotalSeconds, 1e-3):N0} events/s)"));
        error.WriteLine("  levels:   " + string.Join(", ", Enum.GetValues<RiskLevel>().Select(l => string.Create(c, $"{Names.Of(l)} {_levels[(int)l]:N0}"))));
        error.WriteLine($"  policy {policyVersion}, decided: " + string.Join(", ", Enum.GetValues<DecisionOutcome>().Select(o => string.Create(c, $"{Names.Of(o)} {_outcomes[(int)o]:N0}"))));
        if (_reasons.Count > 0)
        {
            error.WriteLine("  reasons:  " + string.Join(", ", _reasons.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(8)
                .Select(p => string.Create(c, $"{ReasonCatalog.CodeText(p.Key)} {p.Value:N0}"))));
        }
    }
}
