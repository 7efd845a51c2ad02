using System.Net;
using System.Text;
using Vigil.Core.Telemetry;
using Vigil.Lab.Datasets;

namespace Vigil.Lab.Tests.Datasets;

public sealed class CsvEventSourceTests
{
    /// <summary>The layout of the DARPA 1998 edge stream that MIDAS is evaluated on: source, destination, minute, label.</summary>
    private const string EdgeStream = "src,dst,time,label\r\n"
        + "172.016.112.020,172.016.113.050,1,-\r\n"
        + "172.016.112.020,172.016.113.084,1,neptune\r\n"
        + "197.182.091.233,172.016.112.050,2,-\r\n";

    private static List<EcsLine> Read(string csv, CsvColumnMap map)
    {
        // Real bytes through a StreamReader, as the CLI reads a file.
        using var reader = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        return [.. new CsvEventSource(map).Read(reader)];
    }

    private static CsvColumnMap EdgeMap(out IReadOnlyList<string> errors) =>
        CsvColumnMap.Parse("user=src,ip=src,resource=dst,timestamp=time,label=label", out errors) with { TimeUnit = CsvTimeUnit.Minutes };

    [Fact]
    public void Read_EdgeStreamWithDashForNormal_OnlyLabelledRowsAreAttacks()
    {
        var map = EdgeMap(out var errors);
        Assert.Empty(errors);

        var lines = Read(EdgeStream, map);

        Assert.All(lines, l => Assert.True(l.IsEvent, l.Error));
        Assert.Equal([null, "neptune", null], lines.Select(l => l.Event.AttackType));
        Assert.Equal(EventKind.ResourceAccess, lines[0].Event.Kind);
        Assert.Equal("172.016.113.050", lines[0].Event.ResourceId);
        Assert.Equal(60_000, lines[0].Event.TimestampMs);
        Assert.Equal(120_000, lines[2].Event.TimestampMs);
    }

    [Fact]
    public void Read_ZeroPaddedIpv4_ReadAsDecimalNotOctal()
    {
        var lines = Read(EdgeStream, EdgeMap(out _));

        Assert.Equal(IPAddress.Parse("172.16.112.20"), lines[0].Event.SourceIp);
        Assert.Equal(IPAddress.Parse("197.182.91.233"), lines[2].Event.SourceIp);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("167772161")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..3.4")]
    [InlineData("01.2.3.0004")]
    [InlineData("0x0a.1.2.3")]
    public void ParseAddress_ShortHexOrOutOfRangeForms_Rejected(string text) =>
        Assert.Null(CsvEventSource.ParseAddress(text));

    [Theory]
    [InlineData("010.000.000.001", "10.0.0.1")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void ParseAddress_DecimalOrIpv6_Parsed(string text, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), CsvEventSource.ParseAddress(text));

    [Fact]
    public void Read_BadAddress_RowErrorNamesTheField()
    {
        var lines = Read("src,dst,time,label\n10.1,h,1,-\n", EdgeMap(out _));

        Assert.False(lines[0].IsEvent);
        Assert.Contains("ip '10.1'", lines[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConfiguredLabelValues_UnknownValueIsRowErrorNamingTheColumn()
    {
        var map = CsvColumnMap.Parse("user=src,resource=dst,timestamp=time,label=Verdict", out _) with
        {
            LabelNormal = ["ok"],
            LabelAttack = ["bad"],
        };
        const string csv = "src,dst,time,Verdict\na,b,1000,ok\na,c,2000,BAD\na,d,3000,-\n";

        var lines = Read(csv, map);

        Assert.Null(lines[0].Event.AttackType);
        Assert.Equal("BAD", lines[1].Event.AttackType);
        Assert.False(lines[2].IsEvent);
        Assert.Contains("column 'Verdict'", lines[2].Error, StringComparison.Ordinal);
        Assert.Contains("'ok'", lines[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinaryLabel_OneIsAttackZeroIsNormal()
    {
        var map = CsvColumnMap.Parse("user=src,resource=dst,timestamp=time,label=label", out _);

        var lines = Read("src,dst,time,label\na,b,1000,0\na,b,2000,1\n", map);

        Assert.Equal([null, "attack"], lines.Select(l => l.Event.AttackType));
    }

    [Fact]
    public void Read_HugeNumericTimestamp_RowErrorNotOverflow()
    {
        var map = EdgeMap(out _);

        var lines = Read("src,dst,time,label\n1.2.3.4,b,9223372036854775807,-\n", map);

        Assert.False(lines[0].IsEvent);
        Assert.Contains("number of minutes", lines[0].Error, StringComparison.Ordinal);
    }
}
