using System.Text;
using Vigil.Server.Connectors.Syslog;

namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>RFC 5424's header and structured data skipped to the MSG; what is not RFC 5424 is named.</summary>
public sealed class Rfc5424Tests
{
    [Theory]
    [InlineData("<13>1 2025-03-01T11:00:00Z host okta - - - {\"a\":1}", "{\"a\":1}")]
    [InlineData("<165>1 2003-10-11T22:14:15.003Z mymachine evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App]\\\"x\\\\\"][b@1 c=\"d\"] {\"a\":1}", "{\"a\":1}")]
    [InlineData("<13>1 - - - - - [timeQuality tzKnown=\"1\"] \uFEFF{\"a\":1}", "{\"a\":1}")]
    [InlineData("<0>1 - - - - - -", "")]
    public void TryGetMessage_Rfc5424_ReturnsTheMsg(string frame, string expected)
    {
        Assert.True(Rfc5424.TryGetMessage(Encoding.UTF8.GetBytes(frame), out var message, out string? error), error);
        Assert.Equal(expected, Encoding.UTF8.GetString(message));
    }

    [Theory]
    [InlineData("{\"a\":1}", "<PRI>")]
    [InlineData("<192>1 - - - - - - x", "PRI")]
    [InlineData("<13>Oct 11 22:14:15 mymachine su: x", "VERSION")]
    [InlineData("<13>1 - - - -", "fewer than seven fields")]
    [InlineData("<13>1 - - - - - [a b=\"]", "not closed")]
    public void TryGetMessage_NotRfc5424_NamesThePart(string frame, string part)
    {
        Assert.False(Rfc5424.TryGetMessage(Encoding.UTF8.GetBytes(frame), out _, out string? error));
        Assert.Contains(part, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNext_OctetCountingAndLfFrames_SplitsAndEndsTheConnectionOnABadLength()
    {
        var buffer = Encoding.ASCII.GetBytes("6 <1>1 x\n<2>1 y\r\n7 <3>1 z");
        Assert.True(SyslogFramer.TryNext(buffer, 1_024, out var frame, out int used, out _));
        Assert.Equal("<1>1 x", Encoding.ASCII.GetString(frame));
        Assert.True(SyslogFramer.TryNext(buffer.AsSpan(used), 1_024, out frame, out int used2, out _));
        Assert.Equal("<2>1 y", Encoding.ASCII.GetString(frame));
        Assert.False(SyslogFramer.TryNext(buffer.AsSpan(used + used2), 1_024, out _, out _, out string? error));
        Assert.Null(error); // 7 bytes announced, 6 there: more is needed

        Assert.False(SyslogFramer.TryNext("99999999999 "u8, 1_024, out _, out _, out error));
        Assert.Contains("not a number", error, StringComparison.Ordinal);
        Assert.False(SyslogFramer.TryNext("2000 <13>1"u8, 1_024, out _, out _, out error));
        Assert.Contains("longer than maxMessageBytes", error, StringComparison.Ordinal);
        Assert.False(SyslogFramer.TryNext(Encoding.ASCII.GetBytes("<13>1 " + new string('x', 1_100)), 1_024, out _, out _, out error));
        Assert.Contains("no line end", error, StringComparison.Ordinal);
    }
}
