using Vigil.Core.Scoring;
using Vigil.Server.AnalystConsole;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>How the console groups an audited decision's reason codes by model family and shares the current factors.</summary>
public sealed class ReasonFamiliesTests
{
    [Fact]
    public void Group_CodesFromThreeFamilies_GroupsInRecordOrder()
    {
        var groups = ReasonFamilies.Group(["VG1002", "VG1901", "VG1101", "VG2009", "VG9999"]);

        Assert.Equal(["rules", "identity risk", "policy", "other"], groups.Select(g => g.Family));
        Assert.Equal(["VG1002", "VG1101"], groups[0].Codes);
    }

    [Fact]
    public void Shares_FactorsFromTwoFamilies_SumOfContributionsOverTotal()
    {
        // Travel 0.9 x 0.5 = 0.45 and brute force 0.25 x 0.6 = 0.15 (rules 0.60); identity risk 0.5 x 0.8 = 0.40.
        var shares = ReasonFamilies.Shares(
        [
            new RiskFactor(ReasonCode.ImpossibleTravel, 0.9f, 0.5f),
            new RiskFactor(ReasonCode.IdentityAtRisk, 0.5f, 0.8f),
            new RiskFactor(ReasonCode.BruteForce, 0.25f, 0.6f),
        ]);

        Assert.Equal(["rules", "identity risk"], shares.Select(s => s.Family));
        Assert.Equal(0.60, shares[0].Share, 3);
        Assert.Equal(0.40, shares[1].Share, 3);
    }

    [Fact]
    public void Shares_NoPositiveContribution_IsEmpty() =>
        Assert.Empty(ReasonFamilies.Shares([new RiskFactor(ReasonCode.BruteForce, 0f, 0.6f), new RiskFactor(ReasonCode.GraphRiskPath, float.NaN, 1f)]));

    [Fact]
    public void Render_HostileCode_IsEscapedUnderOther()
    {
        var html = new Html();
        ReasonFamilies.Render(html, ["<script>"]);

        Assert.Equal("<span class=\"family\"><span class=\"family-name\">other</span> <code>&lt;script&gt;</code></span> ", html.ToString());
    }
}
