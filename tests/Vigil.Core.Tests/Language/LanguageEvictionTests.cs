using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Language;

/// <summary>
/// Issue 19, item 4: an identity evicted to the spill keeps its text baseline; restored on its next event, it scores
/// texts exactly as an identity never evicted (before, it came back with none and novelty had to learn again).
/// </summary>
public sealed class LanguageEvictionTests
{
    private sealed class MemorySpill : IIdentitySpill
    {
        public Dictionary<(string, string), byte[]> Rows { get; } = [];

        public void Save(string tenant, string identityId, byte[] state) => Rows[(tenant, identityId)] = state;

        public byte[]? Load(string tenant, string identityId) => Rows.GetValueOrDefault((tenant, identityId));
    }

    private static IEnumerable<TelemetryEvent> Workload()
    {
        string[] paths = ["/api/tickets open", "/api/tickets comments", "/api/tickets search", "/api/tickets assign"];
        for (int i = 0; i < 240; i++)
        {
            // Six people in one peer group, each with its own routes, then each calls a route nobody uses.
            yield return LanguageEvents.Route("user" + (i % 6), Events.Start + (i * 600_000L), "GET", paths[i % paths.Length] + " " + (i % 6));
        }

        for (int u = 0; u < 6; u++)
        {
            yield return LanguageEvents.Route("user" + u, Events.Start + ((250 + u) * 600_000L), "POST", "/admin/database/dump users table");
        }

        foreach (var e in LanguageEvents.AgentHistory("agent-7"))
        {
            yield return e with { TimestampMs = e.TimestampMs + (260 * 600_000L) };
        }

        yield return LanguageEvents.ToolCall("agent-7", Events.Start + (330 * 600_000L), "weather.forecast berlin");
    }

    [Fact]
    public void Observe_EvictedThenRestored_ScoresTextsExactlyAsNeverEvicted()
    {
        var embedder = new HashingTextEmbedder();
        var plain = new VigilEngine(new VigilEngineOptions { TextEmbedder = embedder });
        var spill = new MemorySpill();
        var capped = new VigilEngine(new VigilEngineOptions { TextEmbedder = embedder, MaxIdentitiesPerTenant = 2 }) { Spill = spill };
        int n = 0, evicted = 0, novel = 0;
        foreach (var e in Workload())
        {
            var a = plain.Observe(e);
            var b = capped.Observe(e);
            Assert.Equal((a.Score, a.FactorCount), (b.Score, b.FactorCount));
            Assert.Equal(a.Has(ReasonCode.TextNovel), b.Has(ReasonCode.TextNovel));
            novel += a.Has(ReasonCode.TextNovel) ? 1 : 0;
            if (++n % 5 == 0)
            {
                evicted += capped.EvictIdle();
            }
        }

        Assert.True(evicted > 50, $"only {evicted} evictions");
        Assert.True(novel >= 6, $"only {novel} novel texts: the workload does not exercise the baseline");
    }
}
