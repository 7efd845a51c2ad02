using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Simulation;

[Collection(SmallRunCollection.Name)]
public sealed class TelemetrySimulatorTests(SmallRunFixture run)
{
    private static readonly Regex Timestamp = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
    private static readonly string[] Actions = ["sign-in", "mfa", "token-use", "resource-access", "api-call", "device-posture", "privilege-change", "sign-out"];

    [Fact]
    public void Run_SameSeedTwice_WritesIdenticalBytes()
    {
        var (again, _) = SimulationHarness.Run(run.Options with { IpListDirectory = null });

        Assert.True(run.Bytes.AsSpan().SequenceEqual(again), "two runs with the same seed and options differ");
    }

    [Fact]
    public void Run_DifferentSeed_WritesDifferentTelemetry()
    {
        var (other, _) = SimulationHarness.Run(run.Options with { Seed = 8, IpListDirectory = null });

        Assert.False(run.Bytes.AsSpan().SequenceEqual(other));
    }

    [Fact]
    public void Run_Always_WritesTimestampsInNonDecreasingOrderWithinThePeriod()
    {
        var start = run.Options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(run.Options.Days);
        var previous = string.Empty;
        foreach (var e in run.Events)
        {
            var ts = e.Str("@timestamp")!;
            Assert.Matches(Timestamp, ts);
            Assert.True(string.CompareOrdinal(previous, ts) <= 0, $"{ts} written after {previous}");
            var parsed = DateTime.Parse(ts, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.InRange(parsed, start, end);
            previous = ts;
        }

        Assert.Equal(run.Summary.Events, run.Events.Count);
        Assert.True(run.Events.Count > 10_000, $"only {run.Events.Count} events for 60 people over a week");
    }

    [Fact]
    public void Run_EveryLine_CarriesTheRequiredEcsFields()
    {
        var ids = new HashSet<string>();
        foreach (var e in run.Events)
        {
            Assert.True(ids.Add(e.Str("event", "id")!), "duplicate event.id");
            Assert.Equal("event", e.Str("event", "kind"));
            Assert.Equal(JsonValueKind.Array, e.GetProperty("event").GetProperty("category").ValueKind);
            Assert.Equal(JsonValueKind.Array, e.GetProperty("event").GetProperty("type").ValueKind);
            Assert.Contains(e.Str("event", "action"), Actions);
            Assert.Contains(e.Str("event", "outcome"), new[] { "success", "failure", "unknown" });
            Assert.NotNull(e.Str("user", "id"));
            Assert.NotNull(e.Str("user", "name"));
            Assert.Equal(JsonValueKind.Array, e.GetProperty("user").GetProperty("roles").ValueKind);
            Assert.Contains(e.Str("labels", "identity_kind"), new[] { "human", "workload", "agent" });
            Assert.Equal("tenant-sim", e.Str("labels", "tenant"));
            Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", e.Str("source", "ip")!);
            Assert.NotNull(e.Str("source", "as", "number"));
            Assert.NotNull(e.Str("source", "as", "organization", "name"));
            Assert.Matches("^[A-Z]{2}$", e.Str("source", "geo", "country_iso_code")!);
            Assert.NotNull(e.Str("source", "geo", "city_name"));
            Assert.NotNull(e.Str("source", "geo", "location", "lat"));
            Assert.NotNull(e.Str("source", "geo", "location", "lon"));
            Assert.NotNull(e.Str("user_agent", "original"));
            var unknownUser = e.Str("labels", "failure_reason") == "unknown_user";
            if (!unknownUser)
            {
                Assert.NotNull(e.Str("user", "group", "name"));
                Assert.NotNull(e.Str("labels", "department"));
                Assert.NotNull(e.Str("labels", "peer_group"));
            }

            if (e.Str("labels", "identity_kind") == "human" && !unknownUser && e.Str("event", "action") != "privilege-change")
            {
                Assert.EndsWith("@corp.example", e.Str("user", "email"));
            }

            AssertActionFields(e);
        }
    }

    [Fact]
    public void Run_DefaultMix_WritesEveryAttackTypeWithLabelsMatchingTheSummary()
    {
        var attacks = run.Events.Where(e => e.Str("labels", "attack_type") is not null).ToList();
        var byType = attacks.GroupBy(e => e.Str("labels", "attack_type")!).ToDictionary(g => g.Key, g => g.Count());

        foreach (var type in AttackTypeNames.All.Where(t => new SimulationOptions().AttackMix[t] > 0)) // low_and_slow_takeover is opt-in
        {
            Assert.True(byType.ContainsKey(AttackTypeNames.ToLabel(type)), $"no {AttackTypeNames.ToLabel(type)} events");
        }

        Assert.All(attacks, e => Assert.Matches(@"^atk-\d{4}$", e.Str("labels", "attack_id")!));
        Assert.DoesNotContain(run.Events, e => (e.Str("labels", "attack_id") is null) != (e.Str("labels", "attack_type") is null));
        Assert.Equal(run.Summary.AttackEvents, attacks.Count);
        foreach (var campaign in run.Summary.Campaigns)
        {
            var labelled = attacks.Count(e => e.Str("labels", "attack_id") == campaign.AttackId);
            Assert.Equal(campaign.Events, labelled);
            Assert.All(attacks.Where(e => e.Str("labels", "attack_id") == campaign.AttackId),
                e => Assert.Equal(AttackTypeNames.ToLabel(campaign.Type), e.Str("labels", "attack_type")));
        }
    }

    [Fact]
    public void Run_AttackRateZero_WritesNoAttackLabels()
    {
        var (bytes, summary) = SimulationHarness.Run(SimulationHarness.Small() with { AttackCampaignsPerWeek = 0, Days = 3 });

        Assert.Empty(summary.Campaigns);
        Assert.Equal(0, summary.AttackEvents);
        Assert.DoesNotContain(SimulationHarness.Lines(bytes), l => l.Contains("attack_type") || l.Contains("attack_id"));
    }

    [Fact]
    public void Run_OnlyOneTypeConfigured_WritesOnlyThatType()
    {
        var options = SimulationHarness.Small() with
        {
            Days = 3,
            AttackMix = new Dictionary<AttackType, double> { [AttackType.BruteForce] = 1 },
        };
        var events = SimulationHarness.Parse(SimulationHarness.Run(options).Bytes);

        var types = events.Select(e => e.Str("labels", "attack_type")).Where(t => t is not null).Distinct().ToList();
        Assert.Equal(["brute_force"], types);
    }

    [Fact]
    public void Run_CredentialStuffing_FailsAgainstUnknownUsersThatStillCarryAUserId()
    {
        var stuffing = run.Events.Where(e => e.Str("labels", "attack_type") == "credential_stuffing").ToList();
        var unknown = stuffing.Where(e => e.Str("labels", "failure_reason") == "unknown_user").ToList();

        Assert.NotEmpty(unknown);
        Assert.All(unknown, e =>
        {
            Assert.Equal("failure", e.Str("event", "outcome"));
            Assert.False(string.IsNullOrEmpty(e.Str("user", "id")));
        });
        Assert.True(stuffing.Select(e => e.Str("user", "id")).Distinct().Count() > 50, "stuffing should try many usernames");
    }

    [Fact]
    public void Run_SessionHijack_ReplaysTheVictimsLiveSessionFromAnotherNetworkWithoutSigningIn()
    {
        var hijack = run.Events.Where(e => e.Str("labels", "attack_type") == "session_hijack").ToList();
        var session = hijack[0].Str("labels", "session_id");
        var victim = hijack[0].Str("user", "id");
        var legit = run.Events.Where(e => e.Str("labels", "session_id") == session && e.Str("labels", "attack_type") is null).ToList();

        Assert.NotEmpty(legit);
        Assert.All(legit, e => Assert.Equal(victim, e.Str("user", "id")));
        Assert.DoesNotContain(hijack, e => e.Str("event", "action") is "sign-in" or "mfa");
        Assert.DoesNotContain(hijack, e => legit.Any(l => l.Str("source", "ip") == e.Str("source", "ip")));
        Assert.DoesNotContain(hijack, e => e.Str("host", "id") is not null);
    }

    [Fact]
    public void Run_AgentEvents_NameTheUserTheyActFor()
    {
        var agentEvents = run.Events.Where(e => e.Str("labels", "identity_kind") == "agent").ToList();

        Assert.NotEmpty(agentEvents);
        Assert.All(agentEvents, e => Assert.StartsWith("u-", e.Str("labels", "on_behalf_of")));
    }

    [Fact]
    public void Run_WithIpListDirectory_WritesListsWhereKnownBadCoversOnlySomeAttackSources()
    {
        var names = run.Summary.IpListFiles.Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["anonymisers.txt", "corporate_egress.txt", "hosting.txt", "known_bad.txt"], names);

        var knownBad = Cidrs(Path.Combine(run.Directory, "known_bad.txt"));
        var corporate = Cidrs(Path.Combine(run.Directory, "corporate_egress.txt"));
        var attackIps = run.Events.Where(e => e.Str("labels", "attack_type") is not null).Select(e => e.Str("source", "ip")!).Distinct().ToList();
        var listed = attackIps.Count(ip => knownBad.Any(c => Contains(c, ip)));

        Assert.InRange(listed, 1, attackIps.Count - 1);
        Assert.Contains(run.Events, e => e.Str("labels", "attack_type") is null && corporate.Any(c => Contains(c, e.Str("source", "ip")!)));
    }

    [Fact]
    public void Run_Cancelled_StopsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var simulator = new TelemetrySimulator(SimulationHarness.Small() with { ProgressInterval = 1_000 });

        Assert.ThrowsAny<OperationCanceledException>(() => simulator.Run(Stream.Null, null, cts.Token));
    }

    [Fact]
    public void Run_WithProgress_ReportsGrowingCountsEndingComplete()
    {
        var reports = new List<SimulationProgress>();
        var simulator = new TelemetrySimulator(SimulationHarness.Small() with { Days = 2, ProgressInterval = 1_000 });

        var summary = simulator.Run(Stream.Null, new SyncProgress(reports.Add), CancellationToken.None);

        Assert.True(reports.Count > 2);
        Assert.Equal(reports.Select(r => r.EventsWritten).Order(), reports.Select(r => r.EventsWritten));
        Assert.Equal(summary.Events, reports[^1].EventsWritten);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    private static void AssertActionFields(JsonElement e)
    {
        var failed = e.Str("event", "outcome") == "failure";
        switch (e.Str("event", "action"))
        {
            case "sign-in":
                Assert.Contains(e.Str("labels", "auth_method"), new[] { "password", "sso", "passkey", "certificate", "client_secret", "api_key" });
                if (failed)
                {
                    Assert.NotNull(e.Str("labels", "failure_reason"));
                }
                else
                {
                    Assert.NotNull(e.Str("labels", "session_id"));
                }

                break;
            case "mfa":
                Assert.Contains(e.Str("labels", "mfa_method"), new[] { "push", "totp", "sms", "webauthn" });
                Assert.Contains(e.Str("labels", "mfa_result"), new[] { "sent", "approved", "denied", "timeout" });
                break;
            case "resource-access":
                Assert.Equal("access", e.GetProperty("event").GetProperty("type")[0].GetString());
                Assert.NotNull(e.Str("labels", "resource_id"));
                Assert.Contains(e.Str("labels", "resource_sensitivity"), new[] { "low", "medium", "high", "critical" });
                Assert.Contains(e.Str("labels", "resource_action"), new[] { "read", "write", "delete", "admin" });
                Assert.True(e.Str("service", "name") is not null || e.Str("url", "domain") is not null || e.Str("file", "path") is not null);
                break;
            case "api-call":
                Assert.NotNull(e.Str("http", "request", "method"));
                Assert.NotNull(e.Str("url", "domain"));
                Assert.NotNull(e.Str("url", "path"));
                Assert.NotNull(e.Str("labels", "resource_id"));
                break;
            case "device-posture":
                Assert.NotNull(e.Str("host", "id"));
                Assert.NotNull(e.Str("host", "os", "name"));
                Assert.Contains(e.Str("labels", "device_compliant"), new[] { "true", "false" });
                break;
            case "privilege-change":
                Assert.NotNull(e.Str("labels", "privilege"));
                Assert.NotNull(e.Str("labels", "actor_id"));
                break;
            case "token-use":
                Assert.NotNull(e.Str("labels", "session_id"));
                Assert.NotNull(e.Str("labels", "token_id"));
                break;
        }
    }

    private static List<(uint Network, uint Mask)> Cidrs(string path) => File.ReadAllLines(path)
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l =>
        {
            var parts = l.Split('/');
            var bits = int.Parse(parts[1]);
            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            return (Ip(parts[0]) & mask, mask);
        }).ToList();

    private static bool Contains((uint Network, uint Mask) cidr, string ip) => (Ip(ip) & cidr.Mask) == cidr.Network;

    private static uint Ip(string ip) => ip.Split('.').Aggregate(0u, (acc, part) => (acc << 8) | uint.Parse(part));

    private sealed class SyncProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => report(value);
    }
}
