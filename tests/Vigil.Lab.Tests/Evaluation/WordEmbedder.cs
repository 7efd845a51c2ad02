using Vigil.Core.Language;

namespace Vigil.Lab.Tests.Evaluation;

/// <summary>A stand-in sentence encoder for the lab's tests: words hashed into 64 signed buckets (shared words, similar texts).</summary>
internal sealed class WordEmbedder : ITextEmbedder
{
    public int Dimensions => 64;

    public sbyte[] Embed(ReadOnlySpan<char> span)
    {
        string text = span.ToString();
        var v = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '/', '.', '_', '"', ':', ',', '{', '}', '[', ']'], StringSplitOptions.RemoveEmptyEntries))
        {
            ulong h = Fnv(word);
            v[(int)(h % (ulong)Dimensions)] += (h >> 63) == 0 ? 1 : -1;
        }

        return TextVector.Quantise(v);
    }

    private static ulong Fnv(string word)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in word)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return h ^ (h >> 29);
    }
}
