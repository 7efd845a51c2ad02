using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Policies;

public sealed class PolicyCompilerTests
{
    [Fact]
    public void Default_ShippedPolicy_CompilesInMonitorMode()
    {
        var policy = PolicyCompiler.Default();
        Assert.Equal(RolloutMode.Monitor, policy.Document.DefaultMode);
        var request = new TelemetryEvent { SubjectId = "x", Kind = EventKind.ResourceAccess, ResourceId = "wiki/home", ResourceAction = "read", TimestampMs = 1 };
        var decision = policy.Decide(request, new RiskAssessment(95, default, 0));
        Assert.Equal(DecisionOutcome.Permit, decision.Outcome);
        Assert.Equal(DecisionOutcome.Deny, decision.WouldBe);
        Assert.Equal("everything-else", decision.Segment);
    }

    [Fact]
    public void CompileText_ManyProblems_ReportsEveryOneWithLineAndColumn()
    {
        const string text = """
            version: broken-1
            mode: shadow
            segments:
              - name: apps
                match: { types: [app] }
                sensitivity: extreme
                rules:
                  - name: typo-field
                    actions: [read]
                  - name: typo-field
                    actions: []
                    colour: red
            """;
        var policy = PolicyCompiler.CompileText(text, "broken.yaml", out var diagnostics);
        Assert.Null(policy);
        string all = string.Join(Environment.NewLine, diagnostics);
        Assert.Contains("broken.yaml:2:", all, StringComparison.Ordinal);           // mode
        Assert.Contains("mode 'shadow' is not known", all, StringComparison.Ordinal);
        Assert.Contains("sensitivity 'extreme'", all, StringComparison.Ordinal);
        Assert.Contains("unknown key 'colour'", all, StringComparison.Ordinal);
        Assert.Contains("rule name 'typo-field' is used twice", all, StringComparison.Ordinal);
        Assert.Contains("names no actions", all, StringComparison.Ordinal);
        Assert.All(diagnostics, d => Assert.True(d.Line > 0 && d.Column > 0));
    }

    [Fact]
    public void CompileText_ConditionErrors_AreRejectedWhenSavedWithPosition()
    {
        const string text = """
            version: v1
            segments:
              - name: apps
                match: {}
                rules:
                  - name: typo-field
                    actions: [read]
                    condition: subject.departmnt == "finance"
                  - name: type-error
                    actions: [read]
                    condition: risk.score == "high"
                  - name: not-bool
                    actions: [read]
                    condition: risk.score + 1
            """;
        Assert.Null(PolicyCompiler.CompileText(text, "p.yaml", out var diagnostics));
        Assert.Equal(3, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.Line == 8 && d.Message.Contains("typo-field", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Line == 11 && d.Message.Contains("type-error", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Line == 14 && d.Message.Contains("not bool", StringComparison.Ordinal));
    }

    [Fact]
    public void CompileText_NotYaml_SaysWhere()
    {
        Assert.Null(PolicyCompiler.CompileText("version: [unclosed", "bad.yaml", out var diagnostics));
        Assert.Contains("not valid YAML", diagnostics.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileText_JsonDocument_IsAccepted()
    {
        const string json = """{"version":"j1","mode":"enforce","segments":[{"name":"all","match":{},"rules":[{"name":"r","actions":["*"],"condition":"risk.score < 50"}]}]}""";
        var policy = PolicyCompiler.CompileText(json, "p.json", out var diagnostics);
        Assert.True(policy is not null, string.Join("; ", diagnostics));
        var request = new TelemetryEvent { SubjectId = "x", Kind = EventKind.ApiCall, ResourceId = "api", TimestampMs = 1 };
        Assert.Equal(DecisionOutcome.Permit, policy.Decide(request, new RiskAssessment(10, default, 0)).Outcome);
        Assert.Equal(DecisionOutcome.Deny, policy.Decide(request, new RiskAssessment(60, default, 0)).Outcome);
    }

    [Theory]
    [InlineData(EventKind.SignOut)]
    [InlineData(EventKind.DevicePosture)]
    [InlineData(EventKind.PrivilegeChange)]
    [InlineData(EventKind.Other)]
    public void Decide_NotAnAccess_IsDeniedNeverPermitted(EventKind kind)
    {
        // Issue 11, defect 1: this path answered permit (VG2010) whatever the rules said.
        const string json = """{"version":"j1","mode":"enforce","segments":[{"name":"all","match":{},"rules":[{"name":"r","actions":["*"]}]}]}""";
        var policy = PolicyCompiler.CompileText(json, "p.json", out var diagnostics);
        Assert.True(policy is not null, string.Join("; ", diagnostics));
        var decision = policy.Decide(new TelemetryEvent { SubjectId = "x", Kind = kind, ResourceId = "api", TimestampMs = 1 }, new RiskAssessment(0, default, 0));
        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(PolicyReason.NotAnAccess, decision.Reason);
    }

    [Theory]
    [InlineData("finance/*", "finance/q3", true)]
    [InlineData("finance/*", "finance/q3/x", false)]
    [InlineData("finance/**", "finance/q3/x", true)]
    [InlineData("**/admin", "a/b/admin", true)]
    [InlineData("db-*-prod", "db-orders-prod", true)]
    [InlineData("db-*-prod", "db-orders-dev", false)]
    [InlineData("exact", "exact", true)]
    public void IdPattern_Globs_MatchAsDocumented(string pattern, string id, bool expected) =>
        Assert.Equal(expected, IdPattern.Matches(pattern, id));
}
