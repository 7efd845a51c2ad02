using System.Text;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

public sealed class EcsEventReaderTests
{
    private static (bool Ok, TelemetryEvent Event, string? Error) Read(string json)
    {
        bool ok = new EcsEventReader().TryRead(Encoding.UTF8.GetBytes(json), out var e, out string? error);
        return (ok, e, error);
    }

    [Fact]
    public void TryRead_NestedAndDottedKeys_ReadTheSameFields()
    {
        var nested = Read("""{"@timestamp":"2026-03-02T08:00:00.123Z","event":{"action":"sign-in","outcome":"failure"},"user":{"id":"alice","roles":["admin","dev"]},"source":{"ip":"81.2.69.10","as":{"number":3320},"geo":{"country_iso_code":"DE","location":{"lat":52.5,"lon":13.4}}}}""");
        var dotted = Read("""{"@timestamp":"2026-03-02T08:00:00.123Z","event.action":"sign-in","event.outcome":"failure","user.id":"alice","user.roles":["admin","dev"],"source.ip":"81.2.69.10","source.as.number":3320,"source.geo.country_iso_code":"DE","source.geo.location.lat":52.5,"source.geo.location.lon":13.4}""");
        Assert.True(nested.Ok, nested.Error);
        Assert.True(dotted.Ok, dotted.Error);
        foreach (var e in new[] { nested.Event, dotted.Event })
        {
            Assert.Equal(EventKind.SignIn, e.Kind);
            Assert.Equal(EventOutcome.Failure, e.Outcome);
            Assert.Equal("alice", e.SubjectId);
            Assert.Equal(["admin", "dev"], e.Roles!);
            Assert.Equal(3320u, e.AsNumber);
            Assert.Equal("DE", e.Country);
            Assert.Equal(new GeoPoint(52.5, 13.4), e.Location);
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.TimestampMs);
        }
    }

    [Fact]
    public void TryRead_UnknownFieldsAndDeepObjects_AreIgnored()
    {
        var r = Read("""{"@timestamp":1772438400000,"user.name":"bob","okta":{"debug":{"x":[1,{"y":2}]}},"labels.identity_kind":"workload","event.action":"api_call"}""");
        Assert.True(r.Ok, r.Error);
        Assert.Equal("bob", r.Event.SubjectId);
        Assert.Equal(IdentityKind.Workload, r.Event.IdentityKind);
        Assert.Equal(EventKind.ApiCall, r.Event.Kind);
        Assert.Equal(1772438400000, r.Event.TimestampMs);
    }

    [Theory]
    [InlineData("""{"event.created":"2026-03-02T09:00:00Z","@timestamp":"2026-03-02T08:00:00Z","user.id":"a"}""")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","event.created":"2026-03-02T09:00:00Z","user.id":"a"}""")]
    public void TryRead_TimestampAndCreated_TimestampWinsInAnyOrder(string json)
    {
        var r = Read(json);
        Assert.True(r.Ok, r.Error);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), r.Event.TimestampMs);
    }

    [Fact]
    public void TryRead_OnlyEventCreated_StandsInForTheTimestamp()
    {
        var r = Read("""{"event.created":"2026-03-02T09:00:00Z","user.id":"a"}""");
        Assert.True(r.Ok, r.Error);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), r.Event.TimestampMs);
    }

    [Theory]
    [InlineData("""{"user.id":"a"}""", "missing @timestamp")]
    [InlineData("""{"@timestamp":"yesterday","user.id":"a"}""", "'yesterday' is not an ISO 8601")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z"}""", "missing subject")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user.id":"a","source.ip":"999.1.1.1"}""", "source.ip '999.1.1.1' is not an IP address")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user.id":"a"} trailing""", "not valid JSON")]
    public void TryRead_BadEvent_SaysWhatIsWrong(string json, string expected)
    {
        var r = Read(json);
        Assert.False(r.Ok);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NestingDeeperThanLimit_IsRejectedCleanly()
    {
        string deep = "{\"@timestamp\":1,\"user.id\":\"a\",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}";
        var r = Read(deep);
        Assert.False(r.Ok);
        Assert.Contains("not valid JSON", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ActionSynonymsAndCategoryFallback_MapToKinds()
    {
        Assert.Equal(EventKind.SignIn, Read("""{"@timestamp":1,"user.id":"a","event.action":"User_Login"}""").Event.Kind);
        Assert.Equal(EventKind.SignOut, Read("""{"@timestamp":1,"user.id":"a","event.action":"logout"}""").Event.Kind);
        Assert.Equal(EventKind.SignIn, Read("""{"@timestamp":1,"user.id":"a","event.category":["authentication"],"event.type":["start"]}""").Event.Kind);
        Assert.Equal(EventKind.PrivilegeChange, Read("""{"@timestamp":1,"user.id":"a","event.category":["iam"],"event.type":["change"]}""").Event.Kind);
    }

    [Theory]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"\ud800"}}""", "user.id: the string is not valid Unicode")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"a"},"labels":{"x":["ok","\udfff"]}}""", "labels.x[1]: the string is not valid Unicode")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"a","\ud800x":1}}""", "user: a property name is not valid Unicode")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"a","id":"b"}}""", "user.id: duplicate property")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","@timestamp":"2030-01-01T00:00:00Z","user.id":"a"}""", "@timestamp: duplicate property")]
    public void TryRead_StringThatIsNotTextOrDuplicateKey_IsRefusedNamingTheField(string json, string expected)
    {
        var r = Read(json);
        Assert.False(r.Ok);
        Assert.StartsWith(expected, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_InvalidUtf8InAnIgnoredField_IsRefusedNamingTheField()
    {
        byte[] line = [.. """{"@timestamp":"2026-03-02T08:00:00Z","user.id":"a","x":{"y":"""u8, (byte)'"', 0xC0, 0x80, (byte)'"', .. "}}"u8];
        bool ok = new EcsEventReader().TryRead(line, out _, out string? error);
        Assert.False(ok);
        Assert.StartsWith("x.y: the string is not valid Unicode", error, StringComparison.Ordinal);
    }
}
