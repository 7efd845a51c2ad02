using Vigil.Enrichment.UserAgents;

namespace Vigil.Enrichment.Tests.UserAgents;

public sealed class UserAgentParserTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    [Fact]
    public void Parse_SpanAndString_GiveSameResult()
    {
        var parser = new UserAgentParser();
        string buffer = "User-Agent: " + Chrome;

        var fromSpan = parser.Parse(buffer.AsSpan("User-Agent: ".Length));
        var fromString = parser.Parse(Chrome);

        Assert.Equal(fromString, fromSpan);
        Assert.Equal(BrowserFamily.Chrome, fromSpan.Browser);
    }

    [Fact]
    public void Parse_FamilyNames_AreSharedConstantInstances()
    {
        var parser = new UserAgentParser(cacheCapacity: 0);

        var a = parser.Parse(new string(Chrome.AsSpan()));
        var b = UserAgentParser.ParseUncached(Chrome.Replace("120", "121", StringComparison.Ordinal));

        Assert.Same(BrowserFamily.Chrome, a.Browser);
        Assert.Same(a.Browser, b.Browser);
        Assert.Same(OsFamily.Windows, a.Os);
        Assert.Same(a.OsVersion, b.OsVersion);
    }

    [Fact]
    public void Parse_CacheHit_AllocatesNothing()
    {
        var parser = new UserAgentParser();
        string copy = new(Chrome.AsSpan());
        parser.Parse(Chrome);
        parser.Parse(copy.AsSpan());

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            parser.Parse(copy.AsSpan());
            parser.Parse(Chrome);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ParseUncached_AllocatesNothing()
    {
        string[] strings = [.. UserAgentCase.All.Select(static c => c.UserAgent)];
        foreach (string s in strings)
        {
            UserAgentParser.ParseUncached(s);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (string s in strings)
        {
            UserAgentParser.ParseUncached(s);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Parse_TinyCacheUnderManyThreads_MatchesUncachedResults()
    {
        // Two slots for ~100 strings forces constant eviction races between threads.
        var parser = new UserAgentParser(cacheCapacity: 2);
        var strings = UserAgentCase.All.Select(static c => c.UserAgent).ToArray();
        var expected = strings.Select(static s => UserAgentParser.ParseUncached(s)).ToArray();
        int mismatches = 0;

        Parallel.For(0, 8, _ =>
        {
            for (int round = 0; round < 200; round++)
            {
                for (int i = 0; i < strings.Length; i++)
                {
                    if (parser.Parse(strings[i]) != expected[i])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Parse_Null_IsEmptyUserAgent()
    {
        var info = new UserAgentParser().Parse((string?)null);

        Assert.Equal(ScriptedClientKind.EmptyUserAgent, info.ScriptedClient);
        Assert.True(info.IsScripted);
    }

    [Fact]
    public void Parse_HugeHostileString_ParsesWithoutThrowingAndCapsVersion()
    {
        string hostile = "Mozilla/5.0 (Windows NT 10.0) Chrome/" + new string('9', 50_000) + " Safari/537.36" + new string('x', 100_000);
        var parser = new UserAgentParser();

        var info = parser.Parse(hostile);

        Assert.Equal(BrowserFamily.Chrome, info.Browser);
        Assert.Equal(999_999, info.BrowserMajorVersion);
    }

    [Fact]
    public void Parse_BotAndScriptedFlags_AreExposed()
    {
        var parser = new UserAgentParser();

        var bot = parser.Parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        var curl = parser.Parse("curl/8.4.0");

        Assert.True(bot.IsBot);
        Assert.False(bot.IsScripted);
        Assert.True(curl.IsScripted);
        Assert.False(curl.IsBot);
    }

    [Theory]
    [InlineData("CURL/7.68.0", "curl")]
    [InlineData("Python-Requests/2.0", "python-requests")]
    public void Parse_ToolNamesInOtherCase_StillScripted(string ua, string family)
    {
        var info = new UserAgentParser().Parse(ua);

        Assert.Equal(family, info.Browser);
        Assert.True(info.IsScripted);
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserAgentParser(-1));
}
