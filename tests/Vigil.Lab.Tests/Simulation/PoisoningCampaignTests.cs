using System.Text;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;
using Vigil.Lab.Simulation;
using Xunit.Abstractions;

namespace Vigil.Lab.Tests.Simulation;

/// <summary>The low-and-slow campaign (issue 13): quiet probes from the attacker's network, then the takeover from it.</summary>
public sealed class PoisoningCampaignTests(ITestOutputHelper output)
{
    /// <summary>One simulated stream for both tests (simulating it is most of their time).</summary>
    private static readonly Lazy<(List<TelemetryEvent> Events, IEventEnricher Enricher)> Stream = new(Simulate);

    private static (List<TelemetryEvent> Events, IEventEnricher Enricher) Run() => Stream.Value;

    private static (List<TelemetryEvent> Events, IEventEnricher Enricher) Simulate()
    {
        string lists = Directory.CreateTempSubdirectory("vigil-poisoning-").FullName;
        try
        {
            var options = SimulationHarness.Small(seed: 11) with
            {
                Days = 14,
                IpListDirectory = lists,
                AttackCampaignsPerWeek = 4,
                AttackMix = new Dictionary<AttackType, double> { [AttackType.LowAndSlowTakeover] = 1 },
            };
            var (bytes, _) = SimulationHarness.Run(options);
            var reputation = IpReputation.Parse(File.ReadAllText(Path.Combine(lists, "hosting.txt")), IpCategory.Hosting, "hosting.txt");
            var reader = new EcsEventReader();
            var events = new List<TelemetryEvent>();
            foreach (string line in SimulationHarness.Lines(bytes))
            {
                Assert.True(reader.TryRead(Encoding.UTF8.GetBytes(line), out var e, out string? error), error);
                events.Add(e);
            }

            return (events, new EventEnricher(reputation: reputation));
        }
        finally
        {
            Directory.Delete(lists, recursive: true);
        }
    }

    [Fact]
    public void Run_LowAndSlowTakeover_ProbesQuietlyFromOneNetworkThenTakesOverFromIt()
    {
        var (events, _) = Run();
        var campaigns = events.Where(e => e.AttackType == "low_and_slow_takeover").GroupBy(e => e.AttackId).ToList();
        Assert.NotEmpty(campaigns);
        int full = 0;
        foreach (var campaign in campaigns)
        {
            var signIns = campaign.Where(e => e.Kind == EventKind.SignIn).OrderBy(e => e.TimestampMs).ToList();
            Assert.Single(signIns.Select(e => e.AsNumber).Distinct()); // one network throughout
            if (signIns.Count >= 9) // a campaign planned near the end of the run is cut short there
            {
                full++;
                Assert.True(signIns[^1].TimestampMs - signIns[0].TimestampMs >= 86_400_000L, "the probes span days");
            }
        }

        Assert.True(full >= campaigns.Count / 2, $"{full} of {campaigns.Count} campaigns ran in full");
    }

    /// <summary>The highest score of each campaign's takeover (its last sign-in and what follows), the stream replayed through a fresh engine.</summary>
    private static Dictionary<string, int> TakeoverScores(IEnumerable<TelemetryEvent> events, IEventEnricher enricher, Dictionary<string, long> lastSignIn)
    {
        var engine = new VigilEngine();
        var takeover = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            int score = engine.Observe(enricher.Enrich(e)).Score;
            if (e.AttackId is { } id && lastSignIn.TryGetValue(id, out long last) && e.TimestampMs >= last)
            {
                takeover[id] = Math.Max(takeover.GetValueOrDefault(id), score);
            }
        }

        return takeover;
    }

    [Fact]
    public void Observe_LowAndSlowTakeover_TheProbesDoNotMakeTheTakeoverLookNormal()
    {
        var (events, enricher) = Run();
        var lastSignIn = events.Where(e => e.AttackType == "low_and_slow_takeover" && e.Kind == EventKind.SignIn)
            .GroupBy(e => e.AttackId!).ToDictionary(g => g.Key, g => g.Max(e => e.TimestampMs), StringComparer.Ordinal);

        var poisoned = TakeoverScores(events, enricher, lastSignIn);
        // The same stream without the probes: what the takeover scores when nothing tried to teach the network.
        var clean = TakeoverScores(events.Where(e => e.AttackId is not { } id || !lastSignIn.TryGetValue(id, out long last) || e.TimestampMs >= last), enricher, lastSignIn);

        Assert.NotEmpty(poisoned);
        foreach (var (id, score) in poisoned.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{id}: takeover after the probes {score}, without them {clean[id]}");
        }

        // Every takeover caught without the probes is still caught after them. (Probes from a residential proxy that
        // nothing flags are learned once their three-day probation is over, so a takeover days later that is missed
        // anyway can score a little lower: docs/evaluation.md.)
        Assert.All(poisoned, t => Assert.True(clean[t.Key] < 50 || t.Value >= 50, $"{t.Key}: after the probes {t.Value}, without them {clean[t.Key]}"));
        int caughtClean = clean.Values.Count(s => s >= 50), caughtPoisoned = poisoned.Values.Count(s => s >= 50);
        Assert.True(caughtPoisoned >= caughtClean, $"caught after probes {caughtPoisoned}, without {caughtClean} of {poisoned.Count}");
    }
}
