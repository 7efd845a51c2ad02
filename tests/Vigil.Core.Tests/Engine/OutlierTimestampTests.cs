using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

/// <summary>One event with a wrong clock must not change how anyone else is scored (issue 11, defect 4).</summary>
public sealed class OutlierTimestampTests
{
    private const string SprayAddress = "203.0.113.7";

    /// <summary>A password spray from one address over ten minutes; returns the score of its last attempt.</summary>
    private static int SprayScore(long? outlierAt)
    {
        var engine = Events.Trained(20);
        long t = Events.AfterHistory;
        for (int i = 0; i < 12; i++)
        {
            engine.Observe(Spray(i, t + (i * 30_000L)));
        }

        if (outlierAt is long at)
        {
            // An unrelated user on another address, stamped in microseconds (or the far future).
            engine.Observe(Events.SignIn("someone-else", at, ip: "198.51.100.9"));
        }

        for (int i = 12; i < 19; i++)
        {
            engine.Observe(Spray(i, t + (i * 30_000L)));
        }

        return engine.Observe(Spray(19, t + (19 * 30_000L))).Score;
    }

    private static TelemetryEvent Spray(int i, long at) =>
        Events.SignIn("user" + i, at, ip: SprayAddress, country: "NL", lat: 52.37, lon: 4.90, asn: 64496, outcome: EventOutcome.Failure) with { FailureReason = "bad_password" };

    [Fact]
    public void Observe_PasswordSprayWithOneFarFutureEventForAnotherUser_ScoresTheSame()
    {
        int clean = SprayScore(null);
        Assert.True(clean >= 60, $"the spray alone should score high, scored {clean}");

        Assert.Equal(clean, SprayScore(Events.AfterHistory * 1000)); // microseconds read as milliseconds
        Assert.Equal(clean, SprayScore(Events.AfterHistory + (365L * 86_400_000))); // a year ahead
    }
}
