using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Policies;

/// <summary>The policy's <c>upstream:</c> (issue 18, composition): parsed per document and segment, carried on decisions.</summary>
public sealed class UpstreamCombiningTests
{
    private const string Policy = """
        version: composed-1
        mode: enforce
        upstream: deny-overrides
        segments:
          - name: reports
            match: { types: [report] }
            upstream: authoritative
            rules: []
          - name: memos
            match: { types: [memo] }
            upstream: advisory
            rules: [{ name: admins, actions: ["*"], subjects: { roles: [admin] } }]
          - name: rest
            match: {}
            rules: [{ name: anyone, actions: ["*"] }]
        """;

    private static TelemetryEvent Access(string type) =>
        new() { SubjectId = "alice", Kind = EventKind.ResourceAccess, ResourceType = type, ResourceId = "1", ResourceAction = "write", TimestampMs = 1 };

    [Fact]
    public void Decide_SegmentsNameTheirRule_OthersTakeTheDocuments()
    {
        var policy = PolicyCompiler.CompileText(Policy, "composed.yaml", out var diagnostics)!;
        Assert.Empty(diagnostics);
        Assert.Equal(UpstreamCombining.Authoritative, policy.Decide(Access("report"), default).Upstream);
        Assert.Equal(UpstreamCombining.Advisory, policy.Decide(Access("memo"), default).Upstream);
        Assert.Equal(UpstreamCombining.DenyOverrides, policy.Decide(Access("wiki"), default).Upstream);
        Assert.Equal(UpstreamCombining.None, PolicyCompiler.Default().Decide(Access("wiki"), default).Upstream);
    }

    [Fact]
    public void Decide_Authoritative_SkipsVigilsRulesButKeepsItsBands()
    {
        var policy = PolicyCompiler.CompileText(Policy, "composed.yaml", out _)!;
        var quiet = policy.Decide(Access("report"), default); // no rule of the segment grants anything
        Assert.Equal(DecisionOutcome.Permit, quiet.Outcome);
        Assert.Equal(PolicyReason.Granted, quiet.Reason);
        var risky = policy.Decide(Access("report"), new RiskAssessment(95, default, 0));
        Assert.Equal(DecisionOutcome.Deny, risky.Outcome);
        Assert.Equal(PolicyReason.RiskDeny, risky.Reason);

        // The same question in a segment that is not authoritative is decided by Vigil's rules.
        Assert.Equal(PolicyReason.NoRuleGrants, policy.Decide(Access("memo"), default).Reason);
    }

    [Fact]
    public void CompileText_UnknownRule_IsNamedWithItsPlace()
    {
        string text = Policy.Replace("upstream: advisory", "upstream: permit-overrides", StringComparison.Ordinal);
        Assert.Null(PolicyCompiler.CompileText(text, "composed.yaml", out var diagnostics));
        var problem = Assert.Single(diagnostics);
        Assert.Contains("upstream 'permit-overrides' is not known", problem.Message, StringComparison.Ordinal);
        Assert.Equal(11, problem.Line);
    }
}
