using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Engine;

public sealed class CheckpointTests
{
    [Fact]
    public void ReadCheckpoint_MidStream_ScoresTheRestExactlyAsTheOriginal()
    {
        var events = Events.History(15, days: 28).ToList();
        long late = Events.Start + (29 * 86_400_000L);
        events.Add(Events.SignIn("user3", late, ip: "102.89.4.7", country: "NG", lat: 6.45, lon: 3.39, asn: 29465));
        events.Add(Events.SignIn("user4", late + 1000, outcome: EventOutcome.Failure));
        events.Add(Events.Access("user5", late + 2000, "hr-db/payroll", bytes: 900_000_000));
        int split = events.Count * 2 / 3;

        var original = new VigilEngine();
        var restoredSource = new VigilEngine();
        foreach (var e in events.Take(split))
        {
            original.Observe(e);
            restoredSource.Observe(e);
        }

        restoredSource.ApplyFeedback("user2", FeedbackKind.ReportedNotMe, events[split].TimestampMs);
        original.ApplyFeedback("user2", FeedbackKind.ReportedNotMe, events[split].TimestampMs);

        using var checkpoint = new MemoryStream();
        restoredSource.WriteCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(checkpoint);

        foreach (var e in events.Skip(split))
        {
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.FactorCount, b.FactorCount);
            Assert.Equal(a.IdentityRisk, b.IdentityRisk);
        }
    }

    [Fact]
    public void WriteCheckpoint_SameState_SameBytes()
    {
        byte[] Write()
        {
            var engine = new VigilEngine();
            foreach (var e in Events.History(5, days: 10))
            {
                engine.Observe(e);
            }

            using var stream = new MemoryStream();
            engine.WriteCheckpoint(stream);
            return stream.ToArray();
        }

        byte[] first = Write();
        byte[] second = Write();
        Assert.True(first.Length > 1000, "a checkpoint of five identities holds their baselines");
        Assert.Equal(first, second); // two independent engines fed the same events: byte-identical checkpoints
    }

    [Fact]
    public void ReadCheckpoint_NotACheckpoint_SaysSo()
    {
        var ex = Assert.Throws<InvalidDataException>(() => VigilEngine.ReadCheckpoint(new MemoryStream(new byte[64])));
        Assert.Contains("Not a Vigil engine checkpoint", ex.Message, StringComparison.Ordinal);
    }
}
