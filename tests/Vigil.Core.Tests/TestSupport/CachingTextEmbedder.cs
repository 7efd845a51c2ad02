using Vigil.Core.Language;

namespace Vigil.Core.Tests.TestSupport;

/// <summary>The stand-in encoder behind a cache found by span, as the real one is: a text seen before costs no allocation.</summary>
internal sealed class CachingTextEmbedder : ITextEmbedder
{
    private readonly HashingTextEmbedder _inner = new();
    private readonly Dictionary<string, sbyte[]> _cache = new(StringComparer.Ordinal);

    public int Dimensions => _inner.Dimensions;

    public sbyte[] Embed(ReadOnlySpan<char> text)
    {
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out var vector))
        {
            vector = _inner.Embed(text);
            _cache[text.ToString()] = vector;
        }

        return vector;
    }
}
