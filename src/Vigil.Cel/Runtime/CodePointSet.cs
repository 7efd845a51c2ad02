using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>
/// A set of Unicode code points (ranges), for translating RE2 character classes to .NET, which matches UTF-16 code
/// units: a class becomes a .NET class over the Basic Multilingual Plane plus surrogate-pair alternatives, so a
/// supplementary character is one element, as in RE2. Surrogate code points are never members (RE2 matches runes).
/// </summary>
internal sealed class CodePointSet
{
    private const int MaxRune = 0x10FFFF;
    private static CodePointSet[]? s_categories;
    private static Dictionary<string, CodePointSet>? s_scripts;
    private readonly List<(int Lo, int Hi)> _ranges = [];

    public static CodePointSet Of(int lo, int hi)
    {
        var set = new CodePointSet();
        set.Add(lo, hi);
        return set;
    }

    public void Add(int lo, int hi) => _ranges.Add((lo, hi));

    public void Add(CodePointSet other) => _ranges.AddRange(other._ranges);

    /// <summary>The code points not in this set (surrogates excluded).</summary>
    public CodePointSet Complement()
    {
        var result = new CodePointSet();
        int next = 0;
        foreach (var (lo, hi) in Normalized())
        {
            if (lo > next)
            {
                result.Add(next, lo - 1);
            }

            next = hi + 1;
        }

        if (next <= MaxRune)
        {
            result.Add(next, MaxRune);
        }

        return result;
    }

    /// <summary>The .NET pattern matching exactly one member code point.</summary>
    public string ToPattern()
    {
        var bmp = new StringBuilder("[");
        var lows = new SortedDictionary<int, StringBuilder>(); // high surrogate -> class of low surrogates
        foreach (var (lo, hi) in Normalized())
        {
            foreach (var (from, to) in WithoutSurrogates(lo, hi))
            {
                if (from <= 0xFFFF)
                {
                    AppendRange(bmp, from, Math.Min(to, 0xFFFF));
                }

                for (int a = Math.Max(from, 0x10000); a <= to;)
                {
                    // The part of [a, to] that shares a's high surrogate.
                    int high = 0xD800 + ((a - 0x10000) >> 10);
                    int end = Math.Min(to, 0x10000 + ((high - 0xD800 + 1) << 10) - 1);
                    if (!lows.TryGetValue(high, out var sb))
                    {
                        lows[high] = sb = new StringBuilder();
                    }

                    AppendRange(sb, 0xDC00 + ((a - 0x10000) & 0x3FF), 0xDC00 + ((end - 0x10000) & 0x3FF));
                    a = end + 1;
                }
            }
        }

        // An empty class matches nothing: every UTF-16 unit is in \u0000-\uFFFF.
        string bmpClass = bmp.Length == 1 ? "" : bmp.Append(']').ToString();
        if (lows.Count == 0)
        {
            return bmpClass.Length == 0 ? @"[^\u0000-\uFFFF]" : bmpClass;
        }

        // Consecutive high surrogates with the same low-surrogate class share one alternative ([H1-H2][lows]),
        // which keeps \pL or \p{Han} to a few hundred alternatives.
        var alternatives = new List<string>();
        if (bmpClass.Length > 0)
        {
            alternatives.Add(bmpClass);
        }

        int runStart = -1, runEnd = -1;
        string? runLows = null;
        foreach (var (high, sb) in lows)
        {
            string l = sb.ToString();
            if (runLows == l && high == runEnd + 1)
            {
                runEnd = high;
                continue;
            }

            Flush();
            runStart = runEnd = high;
            runLows = l;
        }

        Flush();
        return "(?:" + string.Join('|', alternatives) + ")";

        void Flush()
        {
            if (runLows is null)
            {
                return;
            }

            string highs = runStart == runEnd ? U(runStart) : $"[{U(runStart)}-{U(runEnd)}]";
            alternatives.Add($"{highs}[{runLows}]");
        }
    }

    private static void AppendRange(StringBuilder sb, int lo, int hi)
    {
        sb.Append(U(lo));
        if (hi > lo)
        {
            sb.Append('-').Append(U(hi));
        }
    }

    /// <summary>A Unicode general category (Lu, L, ...) or script (Greek, ...) by RE2 name; null when unknown.</summary>
    public static CodePointSet? Property(string name)
    {
        if (name == "Any")
        {
            return Of(0, MaxRune);
        }

        var categories = s_categories ??= BuildCategories();
        CodePointSet? result = null;
        foreach (UnicodeCategory c in Enum.GetValues<UnicodeCategory>())
        {
            string code = CategoryCode(c);
            if (code == name || (name.Length == 1 && code[0] == name[0] && c != UnicodeCategory.OtherNotAssigned))
            {
                (result ??= new CodePointSet()).Add(categories[(int)c]);
            }
        }

        if (result is not null)
        {
            return result;
        }

        var scripts = s_scripts ??= BuildScripts();
        return scripts.GetValueOrDefault(name);
    }

    private List<(int Lo, int Hi)> Normalized()
    {
        var sorted = _ranges.Where(r => r.Lo <= r.Hi).OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>(sorted.Count);
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, r.Hi));
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    private static IEnumerable<(int Lo, int Hi)> WithoutSurrogates(int lo, int hi)
    {
        if (hi < 0xD800 || lo > 0xDFFF)
        {
            yield return (lo, hi);
            yield break;
        }

        if (lo < 0xD800)
        {
            yield return (lo, 0xD7FF);
        }

        if (hi > 0xDFFF)
        {
            yield return (0xE000, hi);
        }
    }

    private static string U(int c) => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture);

    private static CodePointSet[] BuildCategories()
    {
        var sets = new CodePointSet[Enum.GetValues<UnicodeCategory>().Length];
        for (int i = 0; i < sets.Length; i++)
        {
            sets[i] = new CodePointSet();
        }

        int start = 0;
        var current = CategoryOf(0);
        for (int c = 1; c <= MaxRune + 1; c++)
        {
            var category = c <= MaxRune ? CategoryOf(c) : (UnicodeCategory)(-1);
            if (category != current)
            {
                if ((int)current >= 0)
                {
                    sets[(int)current].Add(start, c - 1);
                }

                start = c;
                current = category;
            }
        }

        return sets;
    }

    private static UnicodeCategory CategoryOf(int c) =>
        c is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(c);

    private static Dictionary<string, CodePointSet> BuildScripts()
    {
        var scripts = new Dictionary<string, CodePointSet>(StringComparer.Ordinal);
        foreach (var line in UnicodeScripts.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            var bounds = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            var set = new CodePointSet();
            for (int i = 0; i < bounds.Length; i += 2)
            {
                set.Add(bounds[i], i + 1 < bounds.Length ? bounds[i + 1] - 1 : MaxRune);
            }

            scripts[line[..colon]] = set;
        }

        return scripts;
    }

    private static string CategoryCode(UnicodeCategory c) => c switch
    {
        UnicodeCategory.UppercaseLetter => "Lu",
        UnicodeCategory.LowercaseLetter => "Ll",
        UnicodeCategory.TitlecaseLetter => "Lt",
        UnicodeCategory.ModifierLetter => "Lm",
        UnicodeCategory.OtherLetter => "Lo",
        UnicodeCategory.NonSpacingMark => "Mn",
        UnicodeCategory.SpacingCombiningMark => "Mc",
        UnicodeCategory.EnclosingMark => "Me",
        UnicodeCategory.DecimalDigitNumber => "Nd",
        UnicodeCategory.LetterNumber => "Nl",
        UnicodeCategory.OtherNumber => "No",
        UnicodeCategory.SpaceSeparator => "Zs",
        UnicodeCategory.LineSeparator => "Zl",
        UnicodeCategory.ParagraphSeparator => "Zp",
        UnicodeCategory.Control => "Cc",
        UnicodeCategory.Format => "Cf",
        UnicodeCategory.Surrogate => "Cs",
        UnicodeCategory.PrivateUse => "Co",
        UnicodeCategory.ConnectorPunctuation => "Pc",
        UnicodeCategory.DashPunctuation => "Pd",
        UnicodeCategory.OpenPunctuation => "Ps",
        UnicodeCategory.ClosePunctuation => "Pe",
        UnicodeCategory.InitialQuotePunctuation => "Pi",
        UnicodeCategory.FinalQuotePunctuation => "Pf",
        UnicodeCategory.OtherPunctuation => "Po",
        UnicodeCategory.MathSymbol => "Sm",
        UnicodeCategory.CurrencySymbol => "Sc",
        UnicodeCategory.ModifierSymbol => "Sk",
        UnicodeCategory.OtherSymbol => "So",
        _ => "Cn",
    };
}
