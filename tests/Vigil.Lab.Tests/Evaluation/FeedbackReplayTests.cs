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
        Assert.Equal(a[0].Detection, a[1].Detection, 2); // compared at equal detection (up to one bin's ties)

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
}
