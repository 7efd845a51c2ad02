using System.Net;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// A month of plausible office activity for benchmarking: each person signs in on weekdays from one of two home
/// networks, opens a handful of their department's resources, and now and then travels. Seeded: every run is the same.
/// </summary>
internal static class SyntheticActivity
{
    public static readonly long Start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly (string Country, double Lat, double Lon)[] Cities =
        [("DE", 52.52, 13.40), ("DE", 48.14, 11.58), ("FR", 48.86, 2.35), ("GB", 51.51, -0.13), ("US", 40.71, -74.0), ("NL", 52.37, 4.90)];

    private static readonly string[] Browsers = ["Chrome", "Edge", "Firefox", "Safari"];

    public static List<TelemetryEvent> Generate(int identities, int days, int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<TelemetryEvent>(identities * days * 5);
        var people = new Person[identities];
        for (int i = 0; i < identities; i++)
        {
            var city = Cities[random.Next(Cities.Length)];
            people[i] = new Person(
                "user" + i, "dept" + (i % 20), city, IPAddress.Parse($"10.{i / 250 % 250}.{i % 250}.{random.Next(1, 250)}"),
                IPAddress.Parse($"172.16.{i % 250}.{random.Next(1, 250)}"), (uint)(3000 + random.Next(40)), Browsers[random.Next(Browsers.Length)],
                Enumerable.Range(0, 6).Select(r => $"app-{i % 20}/{r}").ToArray());
        }

        for (int day = 0; day < days; day++)
        {
            if (day % 7 >= 5)
            {
                continue;
            }

            long dayStart = Start + (day * 86_400_000L);
            for (int i = 0; i < identities; i++)
            {
                var p = people[i];
                long at = dayStart + (7 * 3_600_000L) + random.Next(0, 3 * 3_600_000);
                var ip = random.NextDouble() < 0.8 ? p.Home : p.Mobile;
                var city = random.NextDouble() < 0.02 ? Cities[random.Next(Cities.Length)] : p.City;
                string session = $"{p.Id}-{day}";
                var signIn = new TelemetryEvent
                {
                    Id = $"{p.Id}-{day}-0",
                    TimestampMs = at,
                    Kind = EventKind.SignIn,
                    Outcome = random.NextDouble() < 0.03 ? EventOutcome.Failure : EventOutcome.Success,
                    SubjectId = p.Id,
                    Department = p.Department,
                    SourceIp = ip,
                    AsNumber = p.Asn,
                    Country = city.Country,
                    Location = new GeoPoint(city.Lat, city.Lon),
                    UserAgent = p.Browser,
                    Browser = p.Browser,
                    BrowserMajor = 120 + (day / 14),
                    OperatingSystem = "Windows",
                    DeviceType = "Desktop",
                    DeviceId = p.Id + "-laptop",
                    SessionId = session,
                    AuthMethod = "password",
                };
                events.Add(signIn);
                for (int a = 1; a <= 4; a++)
                {
                    events.Add(signIn with
                    {
                        Id = $"{p.Id}-{day}-{a}",
                        TimestampMs = at + (a * 600_000L),
                        Kind = EventKind.ResourceAccess,
                        Outcome = EventOutcome.Success,
                        ResourceId = p.Resources[random.Next(p.Resources.Length)],
                        ResourceAction = "read",
                        Sensitivity = Sensitivity.Medium,
                        BytesOut = random.Next(10_000, 2_000_000),
                    });
                }
            }
        }

        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return events;
    }

    private sealed record Person(string Id, string Department, (string Country, double Lat, double Lon) City, IPAddress Home, IPAddress Mobile,
        uint Asn, string Browser, string[] Resources);
}
