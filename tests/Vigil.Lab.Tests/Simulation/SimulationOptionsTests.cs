using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Simulation;

public sealed class SimulationOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReportsNoErrors() => Assert.Empty(new SimulationOptions().Validate());

    [Fact]
    public void Validate_SeveralSettingsOutOfRange_NamesEachSettingAndRange()
    {
        var errors = new SimulationOptions { Humans = 0, Days = 400, KnownBadCoverage = 1.5, Tenant = " " }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("SimulationOptions.Humans must be between 1 and 1,000,000 (got 0)"));
        Assert.Contains(errors, e => e.Contains("SimulationOptions.Days must be between 1 and 366 (got 400)"));
        Assert.Contains(errors, e => e.Contains("SimulationOptions.KnownBadCoverage"));
        Assert.Contains(errors, e => e.Contains("SimulationOptions.Tenant"));
    }

    [Fact]
    public void Validate_WorkloadKeyLeakWithoutWorkloads_SaysHowToFix()
    {
        var errors = new SimulationOptions { Workloads = 0 }.Validate();

        var error = Assert.Single(errors);
        Assert.Contains("AttackMix[workload_key_leak]", error);
        Assert.Contains("add workloads", error);
    }

    [Fact]
    public void Validate_NegativeAttackWeight_NamesTheAttackType()
    {
        var errors = new SimulationOptions { AttackMix = new Dictionary<AttackType, double> { [AttackType.MfaFatigue] = -1 } }.Validate();

        Assert.Contains(errors, e => e.Contains("AttackMix[mfa_fatigue] must be a finite weight >= 0"));
    }

    [Fact]
    public void Validate_RateWithEmptyMix_AsksForAWeightOrZeroRate()
    {
        var errors = new SimulationOptions { AttackMix = new Dictionary<AttackType, double>() }.Validate();

        Assert.Contains(errors, e => e.Contains("SimulationOptions.AttackCampaignsPerWeek is above 0 but every AttackMix weight is 0"));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TelemetrySimulator(new SimulationOptions { Humans = -5, Days = 0 }));

        Assert.Contains("SimulationOptions.Humans", ex.Message);
        Assert.Contains("SimulationOptions.Days", ex.Message);
    }

    [Theory]
    [InlineData("credential_stuffing", AttackType.CredentialStuffing)]
    [InlineData("Agent_Hijack", AttackType.AgentHijack)]
    [InlineData("workload_key_leak", AttackType.WorkloadKeyLeak)]
    public void TryParse_Label_ReturnsTypeThatRoundTrips(string label, AttackType expected)
    {
        Assert.True(AttackTypeNames.TryParse(label, out var type));
        Assert.Equal(expected, type);
        Assert.Equal(label.ToLowerInvariant(), AttackTypeNames.ToLabel(type!.Value));
    }

    [Fact]
    public void TryParse_UnknownLabel_ReturnsFalse() => Assert.False(AttackTypeNames.TryParse("ddos", out _));
}
