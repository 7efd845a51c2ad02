using Vigil.Enrichment.UserAgents;

namespace Vigil.Enrichment.Tests.UserAgents;

public sealed class AsciiTextTests
{
    [Theory]
    [InlineData("python-requests", "REQUESTS", 7)]
    [InlineData("x crawler", "Crawler", 2)]
    [InlineData("Mozilla/4.0 (Hydra)", "(hydra)", 12)]
    [InlineData("bbbot", "bot", 2)]
    [InlineData("bo", "bot", -1)]
    [InlineData("ends with bo", "bot", -1)]
    [InlineData("", "bot", -1)]
    [InlineData("no match here", "spider", -1)]
    public void IndexOfIgnoreCase_MatchesOrdinalIgnoreCase(string text, string token, int expected)
    {
        Assert.Equal(expected, AsciiText.IndexOfIgnoreCase(text, token));
        Assert.Equal(text.IndexOf(token, StringComparison.OrdinalIgnoreCase), AsciiText.IndexOfIgnoreCase(text, token));
    }

    [Theory]
    [InlineData("CURL/8", "curl/", true)]
    [InlineData("cur", "curl/", false)]
    [InlineData("xcurl/", "curl/", false)]
    public void StartsWithIgnoreCase_ComparesPrefixOnly(string text, string token, bool expected) =>
        Assert.Equal(expected, AsciiText.StartsWithIgnoreCase(text, token));
}
