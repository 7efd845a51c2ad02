using System.Net;
using Vigil.Enrichment.Ip;

namespace Vigil.Enrichment.Tests.Ip;

public sealed class IpReputationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("vigil-iplists-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_FilesPerCategory_LookupReturnsEveryMatchingCategory()
    {
        string tor = Write("tor-exits.txt", "# Tor exit nodes\n185.220.101.1\n185.220.101.0/24 # the whole block\n");
        string cloud = Write("cloud.txt", "185.220.0.0/16\n2600:1f00::/24\n");
        string corp = Write("corp.txt", "\n\n   198.51.100.10-198.51.100.20   \n");
        var reputation = IpReputation.Load(new IpReputationOptions
        {
            Lists =
            {
                new IpListFile { Category = IpCategory.Anonymizer, Path = tor },
                new IpListFile { Category = IpCategory.Hosting, Path = cloud },
                new IpListFile { Category = IpCategory.CorporateEgress, Path = corp },
            },
        });

        Assert.Equal(IpCategory.Anonymizer | IpCategory.Hosting, reputation.Lookup(IPAddress.Parse("185.220.101.77")));
        Assert.Equal(IpCategory.Hosting, reputation.Lookup(IPAddress.Parse("185.220.1.1")));
        Assert.Equal(IpCategory.Hosting, reputation.Lookup(IPAddress.Parse("2600:1f18::1")));
        Assert.Equal(IpCategory.CorporateEgress, reputation.Lookup(IPAddress.Parse("198.51.100.15")));
        Assert.Equal(IpCategory.None, reputation.Lookup(IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void Load_BadLinesInSeveralFiles_ReportsEveryOneWithFileAndLine()
    {
        string a = Write("a.txt", "10.0.0.0/8\n10.0.0.0/33\nnot-an-ip\n10.0.0.1 # ok\n");
        string b = Write("b.txt", "# header\n\n1.2.3\n2001:db8::/129\n300.1.1.1\n10.0.0.9-10.0.0.1\n");
        var options = new IpReputationOptions
        {
            Lists =
            {
                new IpListFile { Category = IpCategory.KnownBad, Path = a },
                new IpListFile { Category = IpCategory.Anonymizer, Path = b },
            },
        };

        var ex = Assert.Throws<IpListLoadException>(() => IpReputation.Load(options));

        Assert.Equal(
            [(a, 2), (a, 3), (b, 3), (b, 4), (b, 5), (b, 6)],
            ex.Errors.Select(static e => (e.Source, e.Line)).ToArray());
        Assert.Equal("10.0.0.0/33", ex.Errors[0].Text);
        Assert.Contains("0 to 32", ex.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains($"{b}:4:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ReportedWithOtherErrors()
    {
        string missing = Path.Combine(directory, "missing.txt");
        string bad = Write("bad.txt", "x\n");
        var options = new IpReputationOptions
        {
            Lists =
            {
                new IpListFile { Category = IpCategory.KnownBad, Path = missing },
                new IpListFile { Category = IpCategory.Hosting, Path = bad },
            },
        };

        var ex = Assert.Throws<IpListLoadException>(() => IpReputation.Load(options));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(missing, ex.Errors[0].Source);
        Assert.Equal(0, ex.Errors[0].Line);
        Assert.Contains("not found", ex.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((bad, 1), (ex.Errors[1].Source, ex.Errors[1].Line));
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("010.0.0.0.1")]
    [InlineData("0x0A.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.1-2001:db8::1")]
    [InlineData("1.2.3.4 5.6.7.8")]
    public void Parse_MalformedEntry_IsRejected(string line)
    {
        var ex = Assert.Throws<IpListLoadException>(() => IpReputation.Parse(line, IpCategory.KnownBad, "inline"));

        Assert.Equal(("inline", 1), (ex.Errors[0].Source, ex.Errors[0].Line));
    }

    [Theory]
    [InlineData("  192.0.2.1  ", "192.0.2.1")]
    [InlineData("192.0.2.0/24\t# trailing", "192.0.2.77")]
    [InlineData("2001:DB8::/32", "2001:db8::1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("192.0.2.1 - 192.0.2.5", "192.0.2.3")]
    public void Parse_WellFormedEntry_Matches(string line, string address)
    {
        var reputation = IpReputation.Parse(line, IpCategory.Hosting);

        Assert.Equal(IpCategory.Hosting, reputation.Lookup(IPAddress.Parse(address)));
    }

    [Fact]
    public void Parse_CrLfLineEndingsAndCommentsOnly_LoadsNothingWithoutErrors()
    {
        var reputation = IpReputation.Parse("# only comments\r\n\r\n   # indented comment\r\n", IpCategory.Hosting);

        Assert.Equal(0, reputation.Ranges.Ipv4RangeCount + reputation.Ranges.Ipv6RangeCount);
    }

    [Fact]
    public void Empty_MatchesNothing() => Assert.Equal(IpCategory.None, IpReputation.Empty.Lookup(IPAddress.Loopback));
}
