using System.Net;
using System.Text;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

/// <summary>Host-to-host events in ECS (issue 14): the host reached becomes the resource, so the graph family sees the edge.</summary>
public sealed class HostToHostEventTests
{
    private static TelemetryEvent Read(string json)
    {
        Assert.True(new EcsEventReader().TryRead(Encoding.UTF8.GetBytes(json), out var e, out string? error), error);
        return e;
    }

    [Fact]
    public void TryRead_WindowsNetworkLogon_HostNameIsTheResourceReached()
    {
        // Winlogbeat's shape of event 4624: the logon is recorded on the host reached, from the source address.
        var e = Read("""{"@timestamp":"2026-03-02T08:00:00Z","event":{"code":"4624","category":["authentication"],"type":["start"],"action":"logged-in","outcome":"success"},"user":{"name":"svc-backup"},"host":{"name":"db-7.corp.example"},"source":{"ip":"10.1.4.20"},"winlog":{"logon":{"type":"Network"}}}""");

        Assert.Equal(EventKind.SignIn, e.Kind);
        Assert.Equal("svc-backup", e.SubjectId);
        Assert.Equal("db-7.corp.example", e.ResourceId);
        Assert.Equal(IPAddress.Parse("10.1.4.20"), e.SourceIp);
    }

    [Fact]
    public void TryRead_IdentityProviderSignInWithHost_HostIsTheClientNotAResource()
    {
        var e = Read("""{"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"sign-in","outcome":"success"},"user":{"id":"alice"},"host":{"id":"laptop-1","name":"alice-laptop"}}""");

        Assert.Null(e.ResourceId);
        Assert.Equal("laptop-1", e.DeviceId);
    }

    [Theory]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","event":{"category":["network"],"type":["connection","start"]},"user":{"name":"alice"},"source":{"ip":"10.1.4.20"},"destination":{"ip":"10.2.0.7","port":445}}""", "10.2.0.7")]
    [InlineData("""{"@timestamp":"2026-03-02T08:00:00Z","event":{"category":["network"],"type":["connection"]},"user":{"name":"alice"},"destination":{"domain":"fs-2.corp.example","address":"10.2.0.8"}}""", "fs-2.corp.example")]
    public void TryRead_NetworkConnection_DestinationIsTheResource(string json, string resource)
    {
        var e = Read(json);

        Assert.Equal(EventKind.ResourceAccess, e.Kind);
        Assert.True(e.IsAccessAttempt);
        Assert.Equal(resource, e.ResourceId);
    }

    [Fact]
    public void Observe_ConnectionSweepFromOneAccount_GraphSourceBurst()
    {
        var engine = new VigilEngine();
        long t0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        // A week of one connection an hour to the account's own file server, then a sweep of 40 hosts in two minutes.
        for (int h = 0; h < 7 * 24; h++)
        {
            engine.Observe(Read(Line(t0 + (h * 3_600_000L), "10.2.0.7")));
        }

        bool caught = false;
        for (int i = 0; i < 40; i++)
        {
            var a = engine.Observe(Read(Line(t0 + (7 * 86_400_000L) + (i * 3_000), $"10.2.1.{i}")));
            for (int f = 0; f < a.FactorCount; f++)
            {
                caught |= a.Factor(f).Code == ReasonCode.GraphSourceBurst;
            }
        }

        Assert.True(caught);
    }

    private static string Line(long ms, string destination) =>
        $$$"""{"@timestamp":{{{ms}}},"event":{"category":["network"],"type":["connection"]},"user":{"name":"alice"},"source":{"ip":"10.1.4.20"},"destination":{"ip":"{{{destination}}}"}}""";
}
