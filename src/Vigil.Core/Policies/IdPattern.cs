namespace Vigil.Core.Policies;

/// <summary>
/// Glob patterns over resource ids, matched without regular expressions (no backtracking blow-up): <c>*</c> matches
/// any run of characters except '/', <c>**</c> any run including '/'. Everything else is literal.
/// </summary>
internal static class IdPattern
{
    public static bool IsLiteral(string pattern) => !pattern.Contains('*', StringComparison.Ordinal);

    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative wildcard matching with one remembered star (linear for '**', and for '*' within a segment).
        int p = 0, t = 0, starP = -1, starT = -1;
        bool starCrossesSlash = false;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starCrossesSlash = p + 1 < pattern.Length && pattern[p + 1] == '*';
                p += starCrossesSlash ? 2 : 1;
                starP = p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
                continue;
            }

            if (starP >= 0 && (starCrossesSlash || text[starT] != '/'))
            {
                starT++;
                t = starT;
                p = starP;
                continue;
            }

            return false;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
