using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Tests.Golden;

/// <summary>
/// Golden detection cases: each file in Golden/Cases is a scenario (history, IP lists, events in ECS JSON) and
/// the reason codes and risk bounds expected on named events. Events go through the real reader, enricher and engine.
/// </summary>
public sealed class GoldenDetectionTests
{
    private static readonly DateTimeOffset HistoryStart = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden", "Cases"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Observe_GoldenCase_ProducesExpectedReasons(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Cases", name + ".json")));
        var root = doc.RootElement;
        var engine = new VigilEngine();
        var enricher = new EventEnricher(reputation: Reputation(root));

        foreach (var e in History(root).OrderBy(e => e.TimestampMs))
        {
            engine.Observe(enricher.Enrich(e));
        }

        var reader = new EcsEventReader();
        var results = new Dictionary<string, RiskAssessment>(StringComparer.Ordinal);
        foreach (var json in root.GetProperty("events").EnumerateArray())
        {
            Assert.True(reader.TryRead(Encoding.UTF8.GetBytes(json.GetRawText()), out var evt, out string? error), error);
            results[evt.Id!] = engine.Observe(enricher.Enrich(evt));
        }

        foreach (var expect in root.GetProperty("expect").EnumerateArray())
        {
            string id = expect.GetProperty("event_id").GetString()!;
            var a = results[id];
            string seen = $"{name}/{id}: risk {a.Score}, reasons [{string.Join(", ", Enumerable.Range(0, a.FactorCount).Select(i => a.Factor(i).ToString()))}]";
            foreach (string code in Strings(expect, "codes"))
            {
                Assert.True(ReasonCatalog.TryParse(code, out var rc), $"unknown code {code}");
                Assert.True(a.Has(rc), $"expected {code}; {seen}");
            }

            foreach (string code in Strings(expect, "absent"))
            {
                Assert.True(ReasonCatalog.TryParse(code, out var rc), $"unknown code {code}");
                Assert.False(a.Has(rc), $"did not expect {code}; {seen}");
            }

            if (expect.TryGetProperty("min_risk", out var min))
            {
                Assert.True(a.Score >= min.GetInt32(), $"expected risk >= {min.GetInt32()}; {seen}");
            }

            if (expect.TryGetProperty("max_risk", out var max))
            {
                Assert.True(a.Score <= max.GetInt32(), $"expected risk <= {max.GetInt32()}; {seen}");
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(x => x.GetString()!) : [];

    private static IpReputation Reputation(JsonElement root)
    {
        var builder = new IpRangeSetBuilder();
        if (root.TryGetProperty("ip_lists", out var lists))
        {
            foreach (var list in lists.EnumerateObject())
            {
                var category = list.Name switch
                {
                    "anonymizer" => IpCategory.Anonymizer,
                    "hosting" => IpCategory.Hosting,
                    "known-bad" => IpCategory.KnownBad,
                    "corporate-egress" => IpCategory.CorporateEgress,
                    _ => throw new InvalidOperationException("unknown list " + list.Name),
                };
                foreach (var entry in list.Value.EnumerateArray())
                {
                    builder.Add(entry.GetString()!, category);
                }
            }
        }

        return new IpReputation(builder.Build());
    }

    /// <summary>Weekday sign-ins at 08:00 (plus the entry's index in minutes) and one access five minutes later.</summary>
    private static IEnumerable<TelemetryEvent> History(JsonElement root)
    {
        if (!root.TryGetProperty("history", out var history))
        {
            yield break;
        }

        int index = 0;
        foreach (var h in history.EnumerateArray())
        {
            string user = h.GetProperty("user").GetString()!;
            int days = h.GetProperty("days").GetInt32();
            var kind = Text(h, "identity_kind") switch { "workload" => IdentityKind.Workload, "agent" => IdentityKind.Agent, _ => IdentityKind.Human };
            for (int day = 0; day < days; day++)
            {
                var date = HistoryStart.AddDays(day);
                if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                long at = date.AddHours(8).AddMinutes(index).ToUnixTimeMilliseconds();
                var common = new TelemetryEvent
                {
                    SubjectId = user,
                    IdentityKind = kind,
                    Department = Text(h, "department"),
                    SourceIp = IPAddress.Parse(h.GetProperty("ip").GetString()!),
                    AsNumber = h.GetProperty("asn").GetUInt32(),
                    Country = Text(h, "country"),
                    City = Text(h, "city"),
                    Location = new GeoPoint(h.GetProperty("lat").GetDouble(), h.GetProperty("lon").GetDouble()),
                    UserAgent = Text(h, "user_agent"),
                    DeviceId = Text(h, "device"),
                    AuthMethod = Text(h, "auth_method") ?? "password",
                    SessionId = $"{user}-h{day}",
                    Outcome = EventOutcome.Success,
                };
                yield return common with
                {
                    Id = $"{user}-h{day}-signin",
                    TimestampMs = at,
                    Kind = kind == IdentityKind.Human ? EventKind.SignIn : EventKind.ApiCall,
                    ResourceId = kind == IdentityKind.Human ? null : Text(h, "resource")
                };
                yield return common with
                {
                    Id = $"{user}-h{day}-access",
                    TimestampMs = at + 300_000,
                    Kind = EventKind.ResourceAccess,
                    ResourceId = Text(h, "resource"),
                    ResourceAction = "read",
                    BytesOut = 250_000
                };
            }

            index++;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
