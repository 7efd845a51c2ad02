using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;

namespace Vigil.Core.Tests.Engine;

/// <summary>The code-to-family map the console groups a decision's reasons by (audit records keep codes only).</summary>
public sealed class ReasonFamilyTests
{
    [Fact]
    public void Family_EveryCatalogueCode_HasExactlyOneDetectorFamily()
    {
        foreach (var code in Enum.GetValues<ReasonCode>().Where(c => c != ReasonCode.None))
        {
            var family = ReasonCatalog.Family(code);
            Assert.True(family != DetectorFamilies.None && (family & (family - 1)) == 0 && DetectorFamilies.All.HasFlag(family),
                $"{ReasonCatalog.CodeText(code)} has no single family ({family}).");
            Assert.NotEqual("other", ReasonCatalog.FamilyName(ReasonCatalog.CodeText(code)));
        }
    }

    [Theory]
    [InlineData("VG1001", "likelihood")]
    [InlineData("VG1002", "rules")]
    [InlineData("VG1104", "rules")]
    [InlineData("VG1402", "rules")]
    [InlineData("VG1003", "behaviour")]
    [InlineData("VG1502", "behaviour")]
    [InlineData("VG1604", "behaviour")]
    [InlineData("VG1004", "outliers")]
    [InlineData("VG1605", "identity risk")]
    [InlineData("VG1704", "graph")]
    [InlineData("VG1801", "supervised")]
    [InlineData("VG1811", "language")]
    [InlineData("VG1812", "language")]
    [InlineData("VG1901", "identity risk")]
    [InlineData("VG1906", "identity risk")]
    [InlineData("VG2000", "policy")]
    [InlineData("VG2013", "policy")]
    public void FamilyName_KnownCode_NamesItsFamily(string code, string family) =>
        Assert.Equal(family, ReasonCatalog.FamilyName(code));

    [Theory]
    [InlineData("")]
    [InlineData("VG0000")]
    [InlineData("VG1999")]
    [InlineData("VG2999")]
    [InlineData("VG+100")]
    [InlineData("XX1001")]
    [InlineData("VG10011")]
    public void FamilyName_UnknownOrMalformedCode_IsOther(string code) =>
        Assert.Equal("other", ReasonCatalog.FamilyName(code));

    [Fact]
    public void FamilyName_EveryPolicyReason_IsPolicy()
    {
        foreach (var reason in Enum.GetValues<PolicyReason>().Where(r => r != PolicyReason.None))
        {
            Assert.Equal("policy", ReasonCatalog.FamilyName("VG" + ((int)reason).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
