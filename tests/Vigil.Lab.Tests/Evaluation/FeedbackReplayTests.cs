using System.Net;
using Vigil.Core.Policies;
using Vigil.Core.Telemetry;
using Vigil.Lab.Evaluation;
using Vigil.Lab.Reporting;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Evaluation;

public sealed class FeedbackReplayTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static List<EcsLine> Simulate()
    {
        using var stream = new MemoryStream();
        new TelemetrySimulator(new SimulationOptions { Seed = 5, Humans = 30, Workloads = 3, Agents = 2, Days = 6, AttackCampaignsPerWeek = 20 }).Run(stream);
        stream.Position = 0;
        using var reader = new NdjsonEventReader(stream);
        return [.. reader.ReadAll()];
    }

    private static TelemetryEvent SignIn(string who, int day, int hour, string ip, uint asn, string country, double latitude, double longitude, string id) => new()
    {
        Id = id,
        SubjectId = who,
        TimestampMs = Start.AddDays(day).AddHours(hour).ToUnixTimeMilliseconds(),
        Kind = EventKind.SignIn,
        Outcome = Core.Telemetry.EventOutcome.Success,
        SourceIp = IPAddress.Parse(ip),
        AsNumber = asn,
        Country = country,
        Location = new GeoPoint(latitude, longitude),
        UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        DeviceId = "laptop-" + who,
    };

    [Fact]
    public void Run_SimulatedOrganisation_ActsWithinTheBudgetAndRepeatsExactly()
    {
        var lines = Simulate();
        var policy = PolicyCompiler.Default();

        var first = new FeedbackReplay(policy, budget: 5).Run(lines);
        var second = new FeedbackReplay(policy, budget: 5).Run(lines);

        Assert.Equal(["no feedback", "feedback", "dismiss only", "no feedback, probation off"], first.Arms.Select(a => a.Name));
        Assert.All(first.Arms.Where(a => a.Mode == FeedbackMode.None), a => Assert.Equal(0, a.BenignActed + a.AttacksConfirmed));
        Assert.True(first.Arms[1].BenignActed > 0);
        Assert.All(first.Arms.SelectMany(a => a.Days), d => Assert.InRange(d.BenignActed + d.AttacksConfirmed + d.AttacksFailedSeen, 0, 5));
        Assert.Equal(first.Arms[0].Days.Sum(d => d.Legitimate.Events), first.Arms[1].Days.Sum(d => d.Legitimate.Events)); // every arm scores every event
        var a = first.Summarise();
        var b = second.Summarise();
        Assert.Equal(a.Select(s => (s.FalseChallenges, s.PolicyFalseChallenges, s.Threshold)), b.Select(s => (s.FalseChallenges, s.PolicyFalseChallenges, s.Threshold)));
        // Compared at equal or better detection: the highest threshold detecting at least as much (on six days, the
        // confirmed compromises' later events all score in the top bin, so the feedback arm can only detect more).
        Assert.All(a, s => Assert.True(s.Detection >= a[0].Detection - 0.01, $"{s.Arm.Name}: {s.Detection} against {a[0].Detection}"));

        using var text = new StringWriter();
        FeedbackTable.Print(text, first);
        Assert.Contains("| feedback |", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("cold start", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BenignAlertConfirmedSafe_NextDaysFromThatNetworkScoreLowerThanWhenDismissed()
    {
        // Alice signs in from home for two weeks, then works from a new network in another country every day. The
        // replayed analyst confirms the first day's alert safe in one arm and dismisses it in the other.
        var events = new List<EcsLine>();
        long line = 0;
        for (int day = 0; day < 21; day++)
        {
            for (int i = 0; i < 3; i++)
            {
                bool away = day >= 14;
                var e = away
                    ? SignIn("alice", day, 9 + (i * 3), "203.0.113.7", 64_999, "PT", 38.72, -9.14, $"ev-{day}-{i}")
                    : SignIn("alice", day, 9 + (i * 3), "81.2.69.10", 64_500, "GB", 51.5, -0.12, $"ev-{day}-{i}");
                events.Add(new EcsLine(++line, e, null));
            }
        }

        var result = new FeedbackReplay(PolicyCompiler.Default(), budget: 10, alertLevel: 10).Run(events);

        var learn = result.Arms[1];
        var dismiss = result.Arms[2];
        Assert.True(learn.BenignActed > 0);
        Assert.True(learn.PatternsLearned.Identity > 0);
        Assert.Equal(0, dismiss.PatternsLearned.Identity);
        double MeanBin(FeedbackArm arm, int day)
        {
            var bins = arm.Days[day].BenignBins;
            return bins.Select((n, b) => (double)n * b).Sum() / bins.Sum();
        }

        Assert.True(MeanBin(learn, 15) < MeanBin(dismiss, 15), $"confirmed safe {MeanBin(learn, 15)}, dismissed {MeanBin(dismiss, 15)}");
    }

    /// <summary>Two weeks at home for each person, so what follows is judged against a baseline.</summary>
    private static List<EcsLine> Baseline(params string[] people)
    {
        var events = new List<EcsLine>();
        for (int day = 0; day < 14; day++)
        {
            foreach (string who in people)
            {
                for (int i = 0; i < 3; i++)
                {
                    events.Add(new EcsLine(events.Count + 1, SignIn(who, day, 9 + (i * 3), "81.2.69.10", 64_500, "GB", 51.5, -0.12, $"{who}-{day}-{i}"), null));
                }
            }
        }

        return events;
    }

    [Fact]
    public void Run_OneIdentityWithManyAlerts_BudgetReachesOneAlertPerIdentity()
    {
        // Day 14: alice alerts six times from a new country, bob and carol once each. With two actions, the old
        // queue (the day's two highest alerts) spent both on alice; ranked per identity, two people are reached and
        // alice's other alerts of the same reason are settled with her top one.
        var events = Baseline("alice", "bob", "carol");
        for (int i = 0; i < 6; i++)
        {
            events.Add(new EcsLine(events.Count + 1, SignIn("alice", 14, 8 + i, "203.0.113.7", 64_999, "PT", 38.72, -9.14, $"alice-away-{i}"), null));
        }

        events.Add(new EcsLine(events.Count + 1, SignIn("bob", 14, 10, "198.51.100.9", 64_998, "BR", -23.55, -46.63, "bob-away"), null));
        events.Add(new EcsLine(events.Count + 1, SignIn("carol", 14, 11, "192.0.2.77", 64_997, "JP", 35.68, 139.69, "carol-away"), null));
        events.Sort((x, y) => x.Event.TimestampMs.CompareTo(y.Event.TimestampMs));

        var result = new FeedbackReplay(PolicyCompiler.Default(), budget: 2, alertLevel: 10).Run(events);

        var learn = result.Arms[1];
        Assert.Equal(2, learn.Days[14].BenignActed);
        Assert.Equal(2, learn.ConfirmedSafeIdentities.Count);
        Assert.Contains("alice", learn.ConfirmedSafeIdentities);
        Assert.True(learn.AlertsSettled >= 3, $"{learn.AlertsSettled} settled");
        Assert.Equal(0, result.Arms[2].AlertsSettled); // the dismiss-only control settles nothing it could learn from
    }

    [Fact]
    public void Run_AttackAmongAnIdentitysAlerts_IsNeverSettledAsSafe()
    {
        // Alice's benign alerts from a new network, then, later the same day, an attacker's sign-in from that same
        // network scoring no higher: confirming her top alert safe settles her benign alerts, never the attack.
        var events = Baseline("alice");
        events.Add(new EcsLine(events.Count + 1, SignIn("alice", 14, 8, "203.0.113.7", 64_999, "PT", 38.72, -9.14, "alice-away-0"), null));
        events.Add(new EcsLine(events.Count + 1, SignIn("alice", 14, 9, "203.0.113.7", 64_999, "PT", 38.72, -9.14, "alice-away-1"), null));
        events.Add(new EcsLine(events.Count + 1, SignIn("alice", 14, 10, "203.0.113.7", 64_999, "PT", 38.72, -9.14, "attack") with { AttackType = "account_takeover" }, null));

        var result = new FeedbackReplay(PolicyCompiler.Default(), budget: 5, alertLevel: 1).Run(events);

        var learn = result.Arms[1];
        var alerts = learn.Days[14].Alerts;
        Assert.Equal(3, alerts);
        Assert.Equal(1, learn.Days[14].BenignActed);
        Assert.Equal(1, learn.AlertsSettled); // alice-away-1 only: the attack stays open
        Assert.Equal(0, learn.AttacksConfirmed);
    }

    [Fact]
    public void Run_ConfirmedCompromise_RemediatedAtThePersonsNextSignIn()
    {
        // An attacker signs in as alice on day 14 and is confirmed at the day's end; on day 15 alice signs in three
        // times: the first is challenged (under a confirmed compromise) and the password reset then closes the risk.
        var events = Baseline("alice");
        events.Add(new EcsLine(events.Count + 1, SignIn("alice", 14, 20, "185.220.101.1", 9009, "RU", 55.75, 37.62, "takeover") with { AttackType = "account_takeover" }, null));
        for (int i = 0; i < 3; i++)
        {
            events.Add(new EcsLine(events.Count + 1, SignIn("alice", 15, 9 + (i * 3), "81.2.69.10", 64_500, "GB", 51.5, -0.12, $"alice-15-{i}"), null));
        }

        var result = new FeedbackReplay(PolicyCompiler.Default(), budget: 5, alertLevel: 10).Run(events);

        var learn = result.Arms[1];
        Assert.Equal(1, learn.AttacksConfirmed);
        Assert.Equal(1, learn.Remediated);
        Assert.Equal(1, learn.Days[15].UnderCompromiseBins.Sum());
    }
}
