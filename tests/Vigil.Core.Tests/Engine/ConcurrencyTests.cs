using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Assess_ManyThreadsOnTrainedEngine_MatchesSequentialAnswers()
    {
        var engine = new VigilEngine();
        foreach (var e in Events.History(20))
        {
            engine.Observe(e);
        }

        long at = Events.Start + (23 * 86_400_000L);
        var requests = Enumerable.Range(0, 200).Select(i => i % 3 == 0
            ? Events.SignIn("user" + (i % 20), at + i, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465)
            : Events.SignIn("user" + (i % 20), at + i, ip: $"81.2.{60 + (i % 20)}.10")).ToArray();
        var sequential = requests.Select(r => engine.Assess(r).Score).ToArray();

        var parallel = new int[requests.Length];
        Parallel.For(0, requests.Length * 5, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int k = i % requests.Length;
            parallel[k] = engine.Assess(requests[k]).Score;
        });

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Observe_ManyThreads_KeepsEveryIdentityAndNeverThrows()
    {
        var engine = new VigilEngine();
        var events = Events.History(40).ToArray();
        Parallel.ForEach(Partitioner(events), new ParallelOptions { MaxDegreeOfParallelism = 8 }, batch =>
        {
            foreach (var e in batch)
            {
                engine.Observe(e);
            }
        });

        Assert.Equal(40, engine.IdentityCount);
        var a = engine.Assess(Events.SignIn("user7", Events.Start + (30 * 86_400_000L), ip: "81.2.67.10"));
        Assert.InRange(a.Score, 0, 100);
    }

    // One batch per identity, so each identity still sees its own events in time order.
    private static IEnumerable<TelemetryEvent[]> Partitioner(TelemetryEvent[] events) =>
        events.GroupBy(e => e.SubjectId).Select(g => g.OrderBy(e => e.TimestampMs).ToArray());
}
