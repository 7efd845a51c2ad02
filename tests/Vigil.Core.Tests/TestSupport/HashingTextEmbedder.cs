using Vigil.Core.Language;

namespace Vigil.Core.Tests.TestSupport;

/// <summary>
/// A stand-in for the sentence encoder in Core's tests: words hashed into 64 signed buckets, so texts sharing words are
/// similar and texts sharing none are near 0, deterministically and in microseconds. Counts its calls.
/// </summary>
internal sealed class HashingTextEmbedder : ITextEmbedder
{
    public int Dimensions => 64;

    public int Calls { get; private set; }

    public sbyte[] Embed(ReadOnlySpan<char> span)
    {
        string text = span.ToString();
        Calls++;
        var v = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '/', '.', '_', '=', '?', '&', ',', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            ulong h = Vigil.Core.Statistics.StableHash.Of(word.AsSpan());
            v[(int)(h % (ulong)Dimensions)] += (h >> 63) == 0 ? 1 : -1;
        }

        return TextVector.Quantise(v);
    }
}
