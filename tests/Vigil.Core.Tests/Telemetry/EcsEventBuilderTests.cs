using System.Text;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

public sealed class EcsEventBuilderTests
{
    private static byte[] Json(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Fields_given_one_by_one_build_the_event_the_reader_builds_from_the_document()
    {
        var builder = new EcsEventBuilder();
        builder.Clear();
        builder.Add("@timestamp", Json("\"2026-03-02T08:00:00Z\""));
        builder.Add("event.action", Json("\"sign-in\""));
        builder.Add("event.outcome", Json("\"failure\""));
        builder.Add("user.id", Json("\"alice\""));
        builder.Add("user.roles", Json("[\"admin\", 3, {\"x\": 1}, \"dev\"]"));
        builder.Add("source.ip", Json("\"81.2.69.160\""));
        builder.Add("source.geo.location", Json("[-0.12, 51.5]"));
        builder.Add("labels.device_compliant", Json("false"));
        builder.Add("destination.bytes", Json("1234"));
        builder.Add("labels.unknown_thing", Json("\"ignored\""));
        builder.Add("user.name", Json("{\"not\": \"a scalar\"}"));
        Assert.True(builder.TryBuild(out var built, out string? error), error);

        var reader = new EcsEventReader();
        Assert.True(reader.TryRead(Json("""
            {"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"sign-in","outcome":"failure"},"user":{"id":"alice","roles":["admin",3,{"x":1},"dev"],"name":{"not":"a scalar"}},
             "source":{"ip":"81.2.69.160","geo":{"location":[-0.12,51.5]}},"labels":{"device_compliant":false,"unknown_thing":"ignored"},"destination":{"bytes":1234}}
            """), out var read, out error), error);

        Assert.Equal(read with { Roles = null }, built with { Roles = null });
        Assert.Equal(read.Roles, built.Roles);
    }

    [Fact]
    public void A_missing_subject_is_refused_with_the_readers_reason()
    {
        var builder = new EcsEventBuilder();
        builder.Clear();
        builder.Add("@timestamp", Json("1772438400000"));
        Assert.False(builder.TryBuild(out _, out string? error));
        Assert.False(new EcsEventReader().TryRead(Json("""{"@timestamp":1772438400000}"""), out _, out string? readerError));
        Assert.Equal(readerError, error);
    }
}
