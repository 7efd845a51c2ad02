using System.Text;
using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Of_PublishedFnv1aVectors_MatchesReference(string value, ulong expected) =>
        Assert.Equal(expected, StableHash.Of(value));

    [Theory]
    [InlineData("München")]
    [InlineData("東京")]
    [InlineData("emoji 🙂 pair")]
    [InlineData("lone \ud800 surrogate")]
    public void Of_NonAsciiText_EqualsHashOfItsUtf8Bytes(string value) =>
        Assert.Equal(StableHash.Of(Encoding.UTF8.GetBytes(value)), StableHash.Of(value));

    [Fact]
    public void Of_DifferentValues_Differ() =>
        Assert.NotEqual(StableHash.Of("DE"), StableHash.Of("de"));

    [Fact]
    public void Combine_SwappedArguments_Differ()
    {
        ulong country = StableHash.Of("DE");
        ulong city = StableHash.Of("Berlin");

        Assert.NotEqual(StableHash.Combine(country, city), StableHash.Combine(city, country));
        Assert.Equal(StableHash.Combine(country, city), StableHash.Combine(StableHash.Of("DE"), StableHash.Of("Berlin")));
    }
}
