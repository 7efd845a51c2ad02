using BenchmarkDotNet.Attributes;
using Vigil.Enrichment.UserAgents;

namespace Vigil.Benchmarks.Enrichment;

/// <summary>User-agent parsing: a warm cache (the steady state for returning users), a cold one, and the parser alone.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class UserAgentParserBenchmarks
{
    private const int Batch = 8;

    private static readonly string[] Strings =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "python-requests/2.31.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ];

    private readonly UserAgentParser warm = new();
    private readonly string[] copies = [.. Strings.Select(static s => new string(s.AsSpan()))];
    private string[] unique = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        foreach (string s in Strings)
        {
            warm.Parse(s);
        }

        // Distinct strings so every Parse in CacheMiss really misses (a per-call suffix changes the key).
        unique = [.. Enumerable.Range(0, 1 << 16).Select(i => Strings[i % Batch] + " r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Same strings as the cache holds, different instances (as they arrive from the wire).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int CacheHit()
    {
        int sum = 0;
        foreach (string s in copies)
        {
            sum += warm.Parse(s.AsSpan()).BrowserMajorVersion;
        }

        return sum;
    }

    /// <summary>Every string new: classify, copy the key, publish a cache entry.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int CacheMiss()
    {
        int sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            next = (next + 1) & (unique.Length - 1);
            sum += warm.Parse(unique[next].AsSpan()).BrowserMajorVersion;
        }

        return sum;
    }

    /// <summary>The classifier alone, no cache.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Uncached()
    {
        int sum = 0;
        foreach (string s in copies)
        {
            sum += UserAgentParser.ParseUncached(s).BrowserMajorVersion;
        }

        return sum;
    }
}
