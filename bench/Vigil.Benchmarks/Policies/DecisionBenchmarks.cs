using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Policies;

/// <summary>
/// The decision step (policy evaluation given a risk assessment) on a policy of 50 segments and 200 rules with CEL
/// conditions: a request that lands in the last segment (worst case for matching) and one in the first.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private CompiledPolicy _policy = null!;
    private TelemetryEvent _last;
    private TelemetryEvent _first;
    private RiskAssessment _assessment;

    [GlobalSetup]
    public void Setup()
    {
        _policy = PolicyCompiler.CompileText(LargePolicy(50, 4), "bench.yaml", out var diagnostics)
            ?? throw new InvalidOperationException(string.Join("; ", diagnostics));
        _assessment = new RiskAssessment(35, default, 0.1f);
        _last = new TelemetryEvent
        {
            SubjectId = "user7",
            Kind = EventKind.ResourceAccess,
            TimestampMs = 1_772_438_400_000,
            ResourceId = "app-49/reports/q3",
            ResourceType = "app",
            ResourceAction = "read",
            Department = "dept-49",
            Roles = ["analyst"],
        };
        _first = _last with { ResourceId = "app-0/reports/q3", Department = "dept-0" };
        if (_policy.Decide(_last, _assessment).WouldBe != DecisionOutcome.Permit)
        {
            throw new InvalidOperationException("benchmark request should be permitted by a rule");
        }
    }

    [Benchmark(Baseline = true)]
    public DecisionOutcome Decide_LastOf50Segments() => _policy.Decide(_last, _assessment).WouldBe;

    [Benchmark]
    public DecisionOutcome Decide_FirstSegment() => _policy.Decide(_first, _assessment).WouldBe;

    /// <summary>A policy of <paramref name="segments"/> segments with <paramref name="rulesPerSegment"/> rules each.</summary>
    internal static string LargePolicy(int segments, int rulesPerSegment)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("version: bench-1\nmode: enforce\nsegments:\n");
        for (int s = 0; s < segments; s++)
        {
            sb.Append(c, $"  - name: seg-{s}\n    match: {{ types: [app], ids: [\"app-{s}/**\"] }}\n    sensitivity: high\n    rules:\n");
            sb.Append(c, $"      - name: deny-contractors-{s}\n        effect: deny\n        actions: [\"*\"]\n        subjects: {{ roles: [contractor] }}\n        condition: risk.score > 30\n");
            sb.Append(c, $"      - name: owners-{s}\n        actions: [\"*\"]\n        condition: '\"ownerID\" in resource.properties && resource.properties.ownerID == subject.id'\n");
            sb.Append(c, $"      - name: admins-{s}\n        actions: [write, delete]\n        subjects: {{ roles: [admin] }}\n        condition: risk.score < 50\n");
            sb.Append(c, $"      - name: department-read-{s}\n        actions: [read, list]\n        condition: subject.department == \"dept-{s}\" && \"analyst\" in subject.roles && risk.score < 60\n");
            for (int r = 4; r < rulesPerSegment; r++)
            {
                sb.Append(c, $"      - name: extra-{s}-{r}\n        actions: [extra-{r}]\n");
            }
        }

        return sb.ToString();
    }
}
