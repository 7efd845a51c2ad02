using Vigil.Core.Engine;
using Vigil.Core.Language;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Language;

public sealed class TextBaselineTests
{
    private static readonly HashingTextEmbedder Embedder = new();

    [Fact]
    public void Learn_ManyDistinctTexts_HoldsAtMostCapacityCentroids()
    {
        var baseline = new TextBaseline(capacity: 4, dimensions: Embedder.Dimensions);
        for (int i = 0; i < 200; i++)
        {
            baseline.Learn(Embedder.Embed($"word{i} other{i * 7} thing{i * 13}"));
        }

        Assert.Equal(4, baseline.Centroids);
        Assert.Equal(200, baseline.Observations);
    }

    [Fact]
    public void Learn_SameTextPastTheHalvingCount_StaysExactlySimilar()
    {
        var v = Embedder.Embed("tickets.search status=open");
        var baseline = new TextBaseline(capacity: 4, dimensions: v.Length);
        for (int i = 0; i < 10 * TextBaseline.MaxCount; i++)
        {
            baseline.Learn(v);
        }

        Assert.Equal(1, baseline.Centroids);
        Assert.Equal(1.0, baseline.Similarity(v), 3);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(384)]
    [InlineData(64)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Dot_VectorisedExtremes_EqualsScalarSum(int length)
    {
        var random = new Random(length);
        for (int round = 0; round < 50; round++)
        {
            var sum = new short[length];
            var vector = new short[length];
            for (int i = 0; i < length; i++)
            {
                // Round 0: every product at its largest, so lane sums wrap if anything does.
                sum[i] = round == 0 ? (short)(TextBaseline.MaxCount * TextVector.Scale) : (short)random.Next(-32_512, 32_513);
                vector[i] = round == 0 ? (short)TextVector.Scale : (short)random.Next(-127, 128);
            }

            long expected = 0;
            for (int i = 0; i < length; i++)
            {
                expected += sum[i] * vector[i];
            }

            Assert.Equal(expected, TextBaseline.Dot(sum, vector));
        }
    }

    [Fact]
    public void Learn_WrongLength_IsIgnored()
    {
        var baseline = new TextBaseline(capacity: 4, dimensions: 64);
        baseline.Learn(new sbyte[10]);
        Assert.Equal(0, baseline.Observations);
        Assert.Equal(-1, baseline.Similarity(new sbyte[10]));
    }

    [Fact]
    public void Bound_HostileLength_CutsWithoutSplittingASurrogatePair()
    {
        string text = new string('a', TextVector.MaxChars - 1) + "\U0001F600" + new string('b', 10_000);
        string bounded = TextVector.Bound(text);
        Assert.Equal(TextVector.MaxChars - 1, bounded.Length);
        Assert.Equal(TextVector.MaxChars, TextVector.Bound(new string('x', 100_000)).Length);
    }

    [Fact]
    public void ReadCheckpoint_AfterLanguageLearning_ScoresExactlyAsNeverRestarted()
    {
        var options = new VigilEngineOptions { TextEmbedder = new HashingTextEmbedder() };
        var events = LanguageEvents.AgentHistory("agent-7", 80).ToList();
        for (int i = 0; i < 40; i++)
        {
            events.Add(LanguageEvents.Route("user1", Events.Start + (i * 700_000L), "GET", i % 7 == 0 ? "/admin/export everything" : "/api/tickets open"));
        }

        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        var original = new VigilEngine(options);
        foreach (var e in events.Take(90))
        {
            original.Observe(e);
        }

        using var stream = new MemoryStream();
        original.WriteCheckpoint(stream);
        stream.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(stream, options);

        var later = events.Skip(90).Append(LanguageEvents.ToolCall("agent-7", Events.AfterHistory, "export all customer records"));
        foreach (var e in later)
        {
            var a = original.Observe(e);
            var b = restored.Observe(e);
            Assert.Equal(a.Probability, b.Probability);
            Assert.Equal(a.Factors(), b.Factors());
        }
    }

    [Fact]
    public void ReadCheckpoint_Version3_RestoresWithoutTextBaselines()
    {
        var options = new VigilEngineOptions { TextEmbedder = new HashingTextEmbedder() };
        var engine = new VigilEngine(options);
        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            engine.Observe(e);
        }

        using var v3 = new MemoryStream();
        engine.WriteCheckpointVersion(v3, version: 3);
        v3.Position = 0;
        var restored = VigilEngine.ReadCheckpoint(v3, options);

        Assert.Equal(engine.IdentityCount, restored.IdentityCount);
        // The task still judges the call; only the learned habits start again.
        var hijack = restored.Observe(LanguageEvents.ToolCall("agent-7", Events.AfterHistory, "export all customer records"));
        Assert.Contains(hijack.Factors(), f => f.Code == Vigil.Core.Scoring.ReasonCode.AgentIntentMismatch);
    }
}
