using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary><see cref="VigilEngine.RiskyIdentities"/>: the console's list, riskiest first, filtered and paged, learning nothing.</summary>
public sealed class RiskyIdentitiesTests
{
    [Fact]
    public void RiskyIdentities_AfterFeedback_ListsOnlyRiskyOnesRiskiestFirst_FilteredAndPaged()
    {
        var engine = Events.Trained(5);
        long now = Events.AfterHistory;
        Assert.Empty(engine.RiskyIdentities(null, null, RiskLevel.None, now, 0, 50, out int none));
        Assert.Equal(0, none);

        engine.ApplyFeedback("user1", FeedbackKind.ConfirmCompromised, now);
        engine.ApplyFeedback("user3", FeedbackKind.ReportedNotMe, now);
        engine.ApplyFeedback("user4", FeedbackKind.ReportedNotMe, now);

        var all = engine.RiskyIdentities(null, null, RiskLevel.Low, now, 0, 50, out int total);
        Assert.Equal(3, total);
        Assert.Equal(["user1", "user3", "user4"], all.Select(r => r.Id)); // compromised first, then ties by id
        Assert.True(all[0].Compromised);
        Assert.True(all[1].UserReported);

        Assert.Equal(["user1"], engine.RiskyIdentities(null, null, RiskLevel.Critical, now, 0, 50, out _).Select(r => r.Id));
        Assert.Equal(["user3"], engine.RiskyIdentities(null, null, RiskLevel.Low, now, 1, 1, out int paged).Select(r => r.Id));
        Assert.Equal(3, paged);
        Assert.Empty(engine.RiskyIdentities(null, IdentityKind.Workload, RiskLevel.Low, now, 0, 50, out _));
        Assert.Empty(engine.RiskyIdentities("other-tenant", null, RiskLevel.Low, now, 0, 50, out _));
        Assert.Equal(5, engine.IdentityCount); // nothing created
    }
}
