namespace Vigil.Enrichment.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Build_Compiles_Runs() => Assert.Equal(2, 1 + 1);
}
