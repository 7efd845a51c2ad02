using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.TestSupport;

/// <summary>Builds events for tests: a person signing in from a fixed home, with overrides.</summary>
internal static class Events
{
    public static readonly long Start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static TelemetryEvent SignIn(string user, long at, string ip = "81.2.69.10", string country = "DE", double lat = 52.52, double lon = 13.40,
        uint asn = 3320, EventOutcome outcome = EventOutcome.Success, string? session = null, string browser = "Chrome", string device = "laptop", string? id = null) => new()
        {
            Id = id ?? $"{user}-{at}",
            TimestampMs = at,
            Kind = EventKind.SignIn,
            Outcome = outcome,
            SubjectId = user,
            Department = "finance",
            SourceIp = IPAddress.Parse(ip),
            AsNumber = asn,
            Country = country,
            City = country,
            Location = new GeoPoint(lat, lon),
            UserAgent = browser,
            Browser = browser,
            BrowserMajor = 126,
            OperatingSystem = "Windows",
            DeviceType = "Desktop",
            DeviceId = user + "-" + device,
            SessionId = session ?? $"{user}-s{at / 86_400_000}",
            AuthMethod = "password",
        };

    public static TelemetryEvent Access(string user, long at, string resource, long bytes = 100_000, string ip = "81.2.69.10", uint asn = 3320, string? session = null,
        Sensitivity sensitivity = Sensitivity.Medium, IdentityKind kind = IdentityKind.Human) => new()
        {
            Id = $"{user}-a-{at}-{resource}",
            TimestampMs = at,
            Kind = EventKind.ResourceAccess,
            Outcome = EventOutcome.Success,
            SubjectId = user,
            IdentityKind = kind,
            Department = kind == IdentityKind.Human ? "finance" : null,
            SourceIp = IPAddress.Parse(ip),
            AsNumber = asn,
            Country = "DE",
            ResourceId = resource,
            ResourceAction = "read",
            Sensitivity = sensitivity,
            BytesOut = bytes,
            SessionId = session,
            AuthMethod = kind == IdentityKind.Human ? null : "client_secret",
        };

    /// <summary>Three weeks of weekday office sign-ins for <paramref name="users"/> from their own /24 in Berlin.</summary>
    public static IEnumerable<TelemetryEvent> History(int users, int days = 21)
    {
        for (int day = 0; day < days; day++)
        {
            long dayStart = Start + (day * 86_400_000L);
            if (day % 7 >= 5)
            {
                continue;
            }

            for (int u = 0; u < users; u++)
            {
                long at = dayStart + (u * 60_000L);
                string user = "user" + u;
                string ip = $"81.2.{60 + u}.10";
                yield return SignIn(user, at, ip: ip);
                yield return Access(user, at + 300_000, "finance-app/reports", ip: ip, session: $"{user}-s{at / 86_400_000}");
            }
        }
    }

    /// <summary>A moment a day after <see cref="History"/> (its default three weeks) ends.</summary>
    public static readonly long AfterHistory = Start + (22 * 86_400_000L);

    /// <summary>An engine that has observed <see cref="History"/> for <paramref name="users"/>.</summary>
    public static VigilEngine Trained(int users)
    {
        var engine = new VigilEngine();
        foreach (var e in History(users))
        {
            engine.Observe(e);
        }

        return engine;
    }
}
