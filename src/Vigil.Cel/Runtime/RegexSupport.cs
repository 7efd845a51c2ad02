using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Cel.Runtime;

/// <summary>
/// matches(): RE2 syntax and semantics (as langdef requires, translated by <see cref="Re2Translator"/>) run on .NET's
/// non-backtracking engine (linear time, like RE2) with a match timeout as a backstop, so a hostile pattern or input
/// cannot stall the decision path. What RE2 rejects (backreferences, lookaround) is rejected with a message.
/// </summary>
internal static class RegexSupport
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<(string, long), (Regex Regex, bool Large)> Cache = new();

    // A pattern that arrives with the data is compiled during the evaluation. Large Unicode classes (\pL becomes
    // 8,500 characters of ranges and surrogate-pair alternatives) take the non-backtracking engine up to seconds to
    // build (measured: \pL 2.9 s, \p{N} 0.1 s, \p{Greek} under 0.01 s warm), so such a pattern must be a constant,
    // compiled once with the policy.
    private const int MaxTranslatedLengthFromData = 1_024;

    /// <summary>Translates and compiles an RE2 pattern; returns null and an error message when unsupported.</summary>
    public static Regex? TryCompile(string pattern, TimeSpan timeout, out string? error, bool fromData = false)
    {
        // The answer must not depend on what the cache holds, so a large pattern from data is refused even when cached.
        string tooLarge = $"regular expression '{pattern}' is too large to compile per evaluation (Unicode classes such as \\pL): write it as a constant in the expression";
        if (Cache.TryGetValue((pattern, timeout.Ticks), out var cached))
        {
            error = fromData && cached.Large ? tooLarge : null;
            return error is null ? cached.Regex : null;
        }

        string? translated = Translate(pattern, out error);
        if (translated is null)
        {
            return null;
        }

        bool large = translated.Length > MaxTranslatedLengthFromData;
        if (fromData && large)
        {
            error = tooLarge;
            return null;
        }

        EvaluationBudget.Spend(translated.Length);

        try
        {
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, timeout);
            Warm(regex);
            if (Cache.Count < MaxCached)
            {
                Cache.TryAdd((pattern, timeout.Ticks), (regex, large));
            }

            return regex;
        }
        catch (ArgumentException ex)
        {
            error = $"invalid regular expression '{pattern}': {ex.Message}";
            return null;
        }
        catch (NotSupportedException ex)
        {
            error = $"regular expression '{pattern}' uses a construct the non-backtracking engine does not support: {ex.Message}";
            return null;
        }
    }

    // The first match builds the automaton and JIT-compiles the matcher; doing it here keeps that one-off
    // cost out of the per-match timeout, so a cold start cannot turn a valid condition into an error.
    private static void Warm(Regex regex)
    {
        try
        {
            regex.IsMatch("warm-up");
        }
        catch (RegexMatchTimeoutException)
        {
            // A later match gets its own full timeout.
        }
    }

    public static CelValue Matches(Regex regex, string input)
    {
        EvaluationBudget.Spend(input.Length);
        try
        {
            return CelValue.Bool(regex.IsMatch(WellFormed(input)));
        }
        catch (RegexMatchTimeoutException)
        {
            return Errors.RegexTimeout;
        }
    }

    // RE2 keeps patterns small; the translation of classes and '.' into code-point alternatives grows them further.
    private const int MaxPatternLength = 4096;

    private static string? Translate(string p, out string? error)
    {
        if (p.Length > MaxPatternLength)
        {
            error = $"regular expression is longer than {MaxPatternLength} characters";
            return null;
        }

        return Re2Translator.Translate(p, out error);
    }

    // RE2 reads invalid UTF-8 as U+FFFD, one character each; a lone surrogate is the UTF-16 equivalent, so it is
    // replaced before matching and cannot pair up with a pattern's surrogate-pair alternatives.
    private static string WellFormed(string s)
    {
        int at = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0)
        {
            return s;
        }

        char[]? copy = null;
        for (int i = at; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                copy ??= s.ToCharArray();
                copy[i] = '\uFFFD';
            }
        }

        return copy is null ? s : new string(copy);
    }
}
