using Vigil.Core.Decisions;
using Vigil.Server.Composition;

namespace Vigil.Server.Tests.Composition;

/// <summary>Every combining rule against every kind of upstream answer: no combination turns a missing answer into a permit.</summary>
public sealed class DecisionComposerTests
{
    public static TheoryData<UpstreamCombining, DecisionOutcome, RolloutMode, bool?, DecisionOutcome, PolicyReason?> Cases => new()
    {
        // rule, Vigil's would-be, Vigil's mode, upstream's decision -> enforced outcome, reason (null: Vigil's own)
        { UpstreamCombining.Authoritative, DecisionOutcome.Permit, RolloutMode.Enforce, true, DecisionOutcome.Permit, null },
        { UpstreamCombining.Authoritative, DecisionOutcome.StepUp, RolloutMode.Enforce, true, DecisionOutcome.StepUp, null },
        { UpstreamCombining.Authoritative, DecisionOutcome.Permit, RolloutMode.Enforce, false, DecisionOutcome.Deny, PolicyReason.UpstreamDenied },
        { UpstreamCombining.Authoritative, DecisionOutcome.Permit, RolloutMode.Monitor, null, DecisionOutcome.Deny, PolicyReason.UpstreamUnavailable },
        { UpstreamCombining.DenyOverrides, DecisionOutcome.Deny, RolloutMode.Enforce, true, DecisionOutcome.Deny, null },
        { UpstreamCombining.DenyOverrides, DecisionOutcome.Deny, RolloutMode.Monitor, true, DecisionOutcome.Permit, null },
        { UpstreamCombining.DenyOverrides, DecisionOutcome.Permit, RolloutMode.Monitor, false, DecisionOutcome.Deny, PolicyReason.UpstreamDenied },
        { UpstreamCombining.DenyOverrides, DecisionOutcome.Permit, RolloutMode.Enforce, null, DecisionOutcome.Deny, PolicyReason.UpstreamUnavailable },
        { UpstreamCombining.Advisory, DecisionOutcome.Deny, RolloutMode.Enforce, true, DecisionOutcome.Permit, null },
        { UpstreamCombining.Advisory, DecisionOutcome.Permit, RolloutMode.Enforce, false, DecisionOutcome.Deny, PolicyReason.UpstreamDenied },
        { UpstreamCombining.Advisory, DecisionOutcome.Permit, RolloutMode.Enforce, null, DecisionOutcome.Deny, PolicyReason.UpstreamUnavailable },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Combine_EachRuleAndAnswer_EnforcesTheDocumentedOutcome(UpstreamCombining rule, DecisionOutcome wouldBe, RolloutMode mode, bool? upstream, DecisionOutcome expected, PolicyReason? reason)
    {
        var vigil = new Decision(mode == RolloutMode.Enforce ? wouldBe : DecisionOutcome.Permit, wouldBe, mode) { Reason = PolicyReason.Granted, Upstream = rule };
        var combined = DecisionComposer.Combine(vigil, new UpstreamAnswer(rule, upstream, 1, upstream is null ? "timeout" : null));
        Assert.Equal(expected, combined.Outcome);
        Assert.Equal(reason ?? PolicyReason.Granted, combined.Reason);
        if (rule == UpstreamCombining.Advisory && upstream == true)
        {
            Assert.Equal(RolloutMode.Monitor, combined.Mode);
            Assert.Equal(wouldBe, combined.WouldBe);
        }
    }

    [Fact]
    public void CircuitBreaker_OpensAfterConsecutiveFailures_ThenLetsOneTrialThrough()
    {
        var time = new ManualClock();
        var circuit = new CircuitBreaker(3, TimeSpan.FromSeconds(10), time);
        Assert.True(circuit.TryEnter());
        Assert.False(circuit.Failed());
        circuit.Succeeded(); // a success in between resets the count
        Assert.False(circuit.Failed());
        Assert.False(circuit.Failed());
        Assert.True(circuit.Failed());
        Assert.False(circuit.TryEnter());

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(circuit.TryEnter()); // half-open: one trial...
        Assert.False(circuit.TryEnter()); // ...and only one
        Assert.True(circuit.Failed()); // the trial failed: open again
        Assert.False(circuit.TryEnter());

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(circuit.TryEnter());
        circuit.Succeeded();
        Assert.False(circuit.IsOpen);
        Assert.True(circuit.TryEnter());
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
