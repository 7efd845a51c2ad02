namespace Vigil.Core.Language;

/// <summary>Quantised unit vectors and the integer arithmetic on them, identical on every host.</summary>
public static class TextVector
{
    /// <summary>One unit of a unit vector's component, as an integer: components are rounded to multiples of 1/127.</summary>
    public const int Scale = 127;

    /// <summary>
    /// Texts are cut to this many UTF-16 characters before they are embedded: hostile input cannot make an encode
    /// slow (MiniLM reads at most 256 word pieces, about 1,000 characters of English, so 512 keeps the meaning of
    /// any real route, command or tool call).
    /// </summary>
    public const int MaxChars = 512;

    /// <summary>Quantises a float vector (any length) to a unit vector in <see cref="Scale"/> steps; a zero vector stays zero.</summary>
    public static sbyte[] Quantise(ReadOnlySpan<float> vector)
    {
        double norm = 0;
        foreach (float x in vector)
        {
            norm += (double)x * x;
        }

        norm = Math.Sqrt(norm);
        var result = new sbyte[vector.Length];
        if (!(norm > 0))
        {
            return result;
        }

        for (int i = 0; i < vector.Length; i++)
        {
            // Rounded at 1/127 so two hosts whose float kernels differ in the last bits nearly always agree.
            result[i] = (sbyte)Math.Clamp(Math.Round(vector[i] / norm * Scale, MidpointRounding.ToEven), -Scale, Scale);
        }

        return result;
    }

    /// <summary>The text cut to <see cref="MaxChars"/> without splitting a surrogate pair.</summary>
    public static string Bound(string text)
    {
        if (text.Length <= MaxChars)
        {
            return text;
        }

        int length = char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        return text[..length];
    }

    /// <summary>The text cut to <see cref="MaxChars"/> without splitting a surrogate pair.</summary>
    public static ReadOnlySpan<char> Bound(ReadOnlySpan<char> text) =>
        text.Length <= MaxChars ? text : text[..(char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars)];

    /// <summary>Exact integer dot product.</summary>
    public static long Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Cosine similarity of two quantised vectors in [-1, 1] (0 when either is zero).</summary>
    public static double Cosine(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        long ab = Dot(a, b);
        long aa = Dot(a, a);
        long bb = Dot(b, b);
        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt((double)aa * bb);
    }
}
