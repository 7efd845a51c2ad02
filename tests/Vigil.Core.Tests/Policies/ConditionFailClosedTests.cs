using System.Text;
using System.Text.Json;
using Vigil.Cel;
using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Policies;

/// <summary>Issue 11, "CEL under hostile data": a condition that cannot be evaluated to a bool denies, in enforce mode, with a reason.</summary>
public sealed class ConditionFailClosedTests
{
    private const string Policy = """
        version: hostile-1
        mode: enforce
        segments:
          - name: apps
            match: { types: [app] }
            rules:
              - name: blocked-by-context
                effect: deny
                actions: [read]
                condition: context.blocked
              - name: tags-are-sane
                effect: deny
                actions: [read]
                condition: size(context.tags.map(t, context.tags + context.tags)) == 0
              - name: everyone-reads
                actions: [read]
              - name: writers
                actions: [write]
                condition: context.writer
        """;

    private static CompiledPolicy Compile()
    {
        var policy = PolicyCompiler.CompileText(Policy, "hostile.yaml", out var diagnostics);
        Assert.True(policy is not null, string.Join("; ", diagnostics));
        return policy;
    }

    private static Decision Decide(CompiledPolicy policy, string action, string contextJson)
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(contextJson));
        var request = new TelemetryEvent
        {
            SubjectId = "mallory",
            Kind = EventKind.ResourceAccess,
            ResourceId = "crm",
            ResourceType = "app",
            ResourceAction = action,
            TimestampMs = 1,
            Attributes = new RequestAttributes { Context = CelValueAdapter.FromJson(doc.RootElement) },
        };
        return policy.Decide(request, new RiskAssessment(5, default, 0));
    }

    private static string Tags(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i}\"")) + "]";

    [Fact]
    public void Decide_OrdinaryRequest_Permits()
    {
        var decision = Decide(Compile(), "read", "{\"blocked\": false, \"tags\": " + Tags(3) + "}");

        Assert.Equal(DecisionOutcome.Permit, decision.Outcome);
        Assert.Equal(PolicyReason.Granted, decision.Reason);
    }

    [Fact]
    public void Decide_DenyConditionBlowsMemoryBudgetOnRequestData_DeniesWithConditionError()
    {
        // 10,000 tags: the deny rule would build 10,000 lists of 20,000 elements; the budget stops it, and the
        // unevaluable deny rule denies instead of letting 'everyone-reads' permit.
        var decision = Decide(Compile(), "read", "{\"blocked\": false, \"tags\": " + Tags(10_000) + "}");

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(PolicyReason.ConditionError, decision.Reason);
        Assert.Equal("tags-are-sane", decision.Rule);
        Assert.Contains("MaxAllocation", decision.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[true]")]
    public void Decide_DynDenyConditionIsNotBool_DeniesWithConditionError(string blocked)
    {
        var decision = Decide(Compile(), "read", "{\"blocked\": " + blocked + ", \"tags\": []}");

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(PolicyReason.ConditionError, decision.Reason);
        Assert.Equal("blocked-by-context", decision.Rule);
        Assert.Contains("not a bool", decision.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DynPermitConditionIsNotBool_DeniesWithConditionError()
    {
        var decision = Decide(Compile(), "write", "{\"blocked\": false, \"tags\": [], \"writer\": \"true\"}");

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(PolicyReason.ConditionError, decision.Reason);
        Assert.Contains("writers", decision.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileText_SmallerConditionLimits_AreUsed()
    {
        var limits = PolicyCompiler.ConditionLimits with { MaxAllocation = 10 };
        var policy = PolicyCompiler.CompileText(Policy, "hostile.yaml", out _, conditionLimits: limits)!;

        var decision = Decide(policy, "read", "{\"blocked\": false, \"tags\": " + Tags(20) + "}");

        Assert.Equal(PolicyReason.ConditionError, decision.Reason);
        Assert.Contains("MaxAllocation", decision.Error, StringComparison.Ordinal);
    }
}
