using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>The bounded index of recently decided sessions that continuous re-evaluation re-decides (issue 16, item 4).</summary>
public sealed class RecentSessionsTests
{
    private const long Hour = 3_600_000;

    private static RecentSessions Make(int perIdentity = 3, int max = 6, int windowHours = 8) =>
        new(new SsfSettings { ReevaluationSessionsPerIdentity = perIdentity, ReevaluationMaxSessions = max, ReevaluationWindowHours = windowHours }, new ServerOptions());

    private static TelemetryEvent Request(string user, string session, string? tenant = null) => new() { SubjectId = user, SessionId = session, Tenant = tenant };

    [Fact]
    public void Record_MoreSessionsThanThePerIdentityCap_LeastRecentlyDecidedMakesRoom()
    {
        var recent = Make();
        for (int i = 0; i < 5; i++)
        {
            recent.Record(Request("ann", "s" + i), DecisionOutcome.Permit, i * 1_000);
        }

        recent.Record(Request("ann", "s3"), DecisionOutcome.Permit, 9_000); // decided again: replaced, not added
        Assert.Equal(["s2", "s4", "s3"], recent.Take(null, "ann", 10_000).Select(s => s.Session));
        Assert.Equal(3, recent.Count);
    }

    [Fact]
    public void Record_MoreSessionsThanTheCap_LeastRecentlyDecidedIdentityMakesRoom()
    {
        var recent = Make(perIdentity: 2, max: 4);
        recent.Record(Request("ann", "a1"), DecisionOutcome.Permit, 1);
        recent.Record(Request("bob", "b1"), DecisionOutcome.Permit, 2);
        recent.Record(Request("ann", "a2"), DecisionOutcome.Permit, 3); // ann is now the most recently decided
        recent.Record(Request("cat", "c1"), DecisionOutcome.Permit, 4);
        recent.Record(Request("cat", "c2"), DecisionOutcome.Permit, 5);

        Assert.False(recent.Holds(null, "bob"));
        Assert.True(recent.Holds(null, "ann"));
        Assert.True(recent.Holds(null, "cat"));
        Assert.Equal(4, recent.Count);
        Assert.Equal(2, recent.Identities);
    }

    [Fact]
    public void Take_SessionsOlderThanTheWindow_NotReDecided()
    {
        var recent = Make(windowHours: 8);
        recent.Record(Request("ann", "old"), DecisionOutcome.Permit, 0);
        recent.Record(Request("ann", "new"), DecisionOutcome.Permit, 7 * Hour);

        Assert.Equal(["new"], recent.Take(null, "ann", 9 * Hour).Select(s => s.Session));
        Assert.Empty(recent.Take("other-tenant", "ann", 9 * Hour)); // tenants are apart

        recent.Record(Request("bob", "b"), DecisionOutcome.Permit, 16 * Hour); // ann's newest is past the window: forgotten
        Assert.False(recent.Holds(null, "ann"));
        Assert.Equal(1, recent.Count);
    }

    [Fact]
    public void Reevaluated_SessionDecidedAgainMeanwhile_KeepsTheNewerDecision()
    {
        var recent = Make();
        recent.Record(Request("ann", "s"), DecisionOutcome.Permit, 1_000);
        var taken = Assert.Single(recent.Take(null, "ann", 2_000));
        recent.Record(Request("ann", "s"), DecisionOutcome.Permit, 3_000); // a new permit while it was being re-decided
        recent.Reevaluated(null, "ann", taken, DecisionOutcome.Deny, new SessionReevaluation("s", DecisionOutcome.Permit, DecisionOutcome.Deny, SsfEventTypes.SessionRevoked, "a test", 2_000));

        Assert.Equal(DecisionOutcome.Permit, Assert.Single(recent.Take(null, "ann", 4_000)).Outcome);
        Assert.Equal(SsfEventTypes.SessionRevoked, Assert.Single(recent.Reevaluations(null, "ann")).EventType);

        var again = Assert.Single(recent.Take(null, "ann", 4_000));
        recent.Reevaluated(null, "ann", again, DecisionOutcome.StepUp, null);
        Assert.Equal(DecisionOutcome.StepUp, Assert.Single(recent.Take(null, "ann", 4_000)).Outcome);
    }
}
