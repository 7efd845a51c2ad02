using System.Globalization;
using System.Text.Json;

namespace Vigil.Lab.Tests.Simulation;

/// <summary>Checks that each targeted attack shows the evidence the engine is expected to find, and no more.</summary>
[Collection(SmallRunCollection.Name)]
public sealed class AttackShapeTests(SmallRunFixture run)
{
    [Fact]
    public void Run_ImpossibleTravel_SignsInFarAwaySoonAfterTheVictimsOwnSignIn()
    {
        var attackSignIns = Attack("impossible_travel").Where(e => e.Str("event", "action") == "sign-in").ToList();

        Assert.NotEmpty(attackSignIns);
        foreach (var attack in attackSignIns)
        {
            var before = run.Events.Last(e => e.Str("user", "id") == attack.Str("user", "id") && e.Str("event", "action") == "sign-in"
                && e.Str("labels", "attack_type") is null && string.CompareOrdinal(e.Str("@timestamp"), attack.Str("@timestamp")) <= 0);
            var hours = (Time(attack) - Time(before)).TotalHours;
            var km = DistanceKm(before, attack);

            Assert.True(km > 4_000, $"only {km:F0} km apart");
            Assert.True(km / Math.Max(hours, 0.01) > 1_000, $"{km:F0} km in {hours:F1} h is a plausible flight");
        }
    }

    [Fact]
    public void Run_AccountTakeover_ImitatesTheVictimsCountryAndBrowserFromAnUnknownDevice()
    {
        var signIn = Attack("account_takeover").First(e => e.Str("event", "action") == "sign-in");
        var victimEvents = run.Events.Where(e => e.Str("user", "id") == signIn.Str("user", "id") && e.Str("labels", "attack_type") is null
            && e.Str("host", "id") is not null).ToList();

        Assert.Contains(victimEvents, e => e.Str("user_agent", "original") == signIn.Str("user_agent", "original"));
        Assert.Contains(victimEvents, e => e.Str("source", "geo", "country_iso_code") == signIn.Str("source", "geo", "country_iso_code"));
        Assert.Null(signIn.Str("host", "id"));
        Assert.DoesNotContain(victimEvents, e => e.Str("source", "ip") == signIn.Str("source", "ip"));
    }

    [Fact]
    public void Run_LateralMovement_EachCampaignReachesManyResourcesFromOneFoothold()
    {
        foreach (var campaign in Attack("lateral_movement").GroupBy(e => e.Str("labels", "attack_id")))
        {
            var accesses = campaign.Where(e => e.Str("labels", "resource_id") is not null).ToList();

            Assert.True(accesses.Select(e => e.Str("labels", "resource_id")).Distinct().Count() >= 5);
            Assert.Single(campaign.Select(e => e.Str("source", "ip")).Distinct()); // every hop leaves from the foothold
        }
    }

    [Fact]
    public void Run_MfaFatigue_SendsManyPushesBeforeAnyApproval()
    {
        foreach (var campaign in Attack("mfa_fatigue").GroupBy(e => e.Str("labels", "attack_id")))
        {
            var results = campaign.Where(e => e.Str("event", "action") == "mfa").Select(e => e.Str("labels", "mfa_result")).ToList();

            Assert.True(results.Count(r => r == "sent") >= 5);
            Assert.True(results.Count(r => r is "denied" or "timeout") >= 4);
            Assert.True(results.IndexOf("approved") is -1 || results.IndexOf("approved") == results.Count - 1);
        }
    }

    [Fact]
    public void Run_WorkloadKeyLeak_UsesTheWorkloadsCredentialFromANetworkItNeverUses()
    {
        var attack = Attack("workload_key_leak").ToList();
        var workload = attack[0].Str("user", "id");
        var benign = run.Events.Where(e => e.Str("user", "id") == workload && e.Str("labels", "attack_type") is null).ToList();

        Assert.Contains(benign, e => e.Str("labels", "credential_id") == attack[0].Str("labels", "credential_id"));
        var benignAsns = benign.Select(e => e.Str("source", "as", "number")).ToHashSet();
        Assert.DoesNotContain(attack, e => benignAsns.Contains(e.Str("source", "as", "number")));
        Assert.True(attack.Select(e => e.Str("labels", "resource_id")).Distinct().Count() >
                    benign.Select(e => e.Str("labels", "resource_id")).Distinct().Count());
    }

    [Fact]
    public void Run_AgentHijack_SendsDataToADomainTheAgentNeverUsesOnBehalfOfItsUser()
    {
        var attack = Attack("agent_hijack").ToList();
        var agent = attack[0].Str("user", "id");
        var benignDomains = run.Events.Where(e => e.Str("user", "id") == agent && e.Str("labels", "attack_type") is null)
            .Select(e => e.Str("url", "domain")).ToHashSet();

        Assert.All(attack, e => Assert.StartsWith("u-", e.Str("labels", "on_behalf_of")));
        Assert.Contains(attack, e => e.Str("event", "action") == "api-call" && !benignDomains.Contains(e.Str("url", "domain"))
            && long.Parse(e.Str("source", "bytes") ?? "0", CultureInfo.InvariantCulture) > 100_000);
    }

    private IEnumerable<JsonElement> Attack(string type) => run.Events.Where(e => e.Str("labels", "attack_type") == type);

    private static DateTime Time(JsonElement e) =>
        DateTime.Parse(e.Str("@timestamp")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static double DistanceKm(JsonElement a, JsonElement b)
    {
        static (double Lat, double Lon) Loc(JsonElement e)
        {
            var l = e.GetProperty("source").GetProperty("geo").GetProperty("location");
            return (l.GetProperty("lat").GetDouble() * Math.PI / 180, l.GetProperty("lon").GetDouble() * Math.PI / 180);
        }

        var (lat1, lon1) = Loc(a);
        var (lat2, lon2) = Loc(b);
        var h = Math.Pow(Math.Sin((lat2 - lat1) / 2), 2) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin((lon2 - lon1) / 2), 2));
        return 2 * 6371 * Math.Asin(Math.Sqrt(h));
    }
}
