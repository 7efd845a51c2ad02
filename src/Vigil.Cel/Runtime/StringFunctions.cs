using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>
/// String functions of the standard library and of the strings extension (cel-spec doc/extensions/strings.md).
/// CEL indexes strings by Unicode code point, so surrogate pairs count as one character.
/// </summary>
internal static class StringFunctions
{
    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static int[] CodePointStarts(string s)
    {
        EvaluationBudget.Spend(s.Length);
        var starts = new List<int>(s.Length + 1);
        for (int i = 0; i < s.Length; i++)
        {
            starts.Add(i);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
        }

        starts.Add(s.Length);
        return [.. starts];
    }

    public static long CodePointCount(string s)
    {
        if (!HasSurrogates(s))
        {
            return s.Length;
        }

        return CodePointStarts(s).Length - 1;
    }

    // Charges the cost of scanning a string (EvaluationBudget) and returns it, so a call site stays one expression.
    private static string Scan(string s)
    {
        EvaluationBudget.Spend(s.Length);
        return s;
    }

    private static CelValue IndexError(long index) => CelValue.Error($"index out of range: {index.ToString(CultureInfo.InvariantCulture)}");

    public static CelValue Size(CelValue v) => v.Kind switch
    {
        CelKind.String => CelValue.Int(CodePointCount(v.AsString!)),
        CelKind.Bytes => CelValue.Int(v.AsBytes!.Length),
        CelKind.List => CelValue.Int(v.AsList!.Count),
        CelKind.Map => CelValue.Int(v.AsMap!.Count),
        _ => Errors.NoSuchOverload,
    };

    public static CelValue Contains(CelValue s, CelValue sub) =>
        s.Kind == CelKind.String && sub.Kind == CelKind.String
            ? CelValue.Bool(Scan(s.UnsafeString).Contains(sub.AsString!, StringComparison.Ordinal))
            : Errors.NoSuchOverload;

    public static CelValue StartsWith(CelValue s, CelValue prefix) =>
        s.Kind == CelKind.String && prefix.Kind == CelKind.String
            ? CelValue.Bool(s.AsString!.StartsWith(prefix.AsString!, StringComparison.Ordinal))
            : Errors.NoSuchOverload;

    public static CelValue EndsWith(CelValue s, CelValue suffix) =>
        s.Kind == CelKind.String && suffix.Kind == CelKind.String
            ? CelValue.Bool(s.AsString!.EndsWith(suffix.AsString!, StringComparison.Ordinal))
            : Errors.NoSuchOverload;

    public static CelValue CharAt(CelValue s, CelValue index)
    {
        if (s.Kind != CelKind.String || index.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!;
        var starts = CodePointStarts(str);
        long i = index.AsInt;
        int count = starts.Length - 1;
        if (i < 0 || i > count)
        {
            return IndexError(i);
        }

        return i == count ? CelValue.String("") : CelValue.String(str[starts[i]..starts[i + 1]]);
    }

    public static CelValue IndexOf(CelValue s, CelValue sub) => IndexOf(s, sub, CelValue.Int(0));

    public static CelValue IndexOf(CelValue s, CelValue sub, CelValue from)
    {
        if (s.Kind != CelKind.String || sub.Kind != CelKind.String || from.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!;
        var starts = CodePointStarts(str);
        int count = starts.Length - 1;
        long f = from.AsInt;
        if (f < 0 || f > count)
        {
            return IndexError(f);
        }

        int at = str.IndexOf(sub.AsString!, starts[f], StringComparison.Ordinal);
        return CelValue.Int(at < 0 ? -1 : Array.IndexOf(starts, at));
    }

    public static CelValue LastIndexOf(CelValue s, CelValue sub)
    {
        if (s.Kind != CelKind.String || sub.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        return LastIndexOf(s, sub, CelValue.Int(CodePointCount(s.AsString!)));
    }

    public static CelValue LastIndexOf(CelValue s, CelValue sub, CelValue from)
    {
        if (s.Kind != CelKind.String || sub.Kind != CelKind.String || from.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!;
        string needle = sub.AsString!;
        var starts = CodePointStarts(str);
        int count = starts.Length - 1;
        long f = from.AsInt;
        if (f < 0 || f > count)
        {
            return IndexError(f);
        }

        // The match may start at or before code point f.
        int limit = Math.Min(starts[f] + needle.Length, str.Length);
        int at = str.AsSpan(0, limit).LastIndexOf(needle, StringComparison.Ordinal);
        if (needle.Length == 0)
        {
            return CelValue.Int(f);
        }

        return CelValue.Int(at < 0 ? -1 : Array.IndexOf(starts, at));
    }

    public static CelValue LowerAscii(CelValue s)
    {
        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        if (!EvaluationBudget.TryAllocate(s.UnsafeString.Length, out var full))
        {
            return full;
        }

        return CelValue.String(string.Create(s.AsString!.Length, s.AsString, (span, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                char c = src[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        }));
    }

    public static CelValue UpperAscii(CelValue s)
    {
        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        if (!EvaluationBudget.TryAllocate(s.UnsafeString.Length, out var full))
        {
            return full;
        }

        return CelValue.String(string.Create(s.AsString!.Length, s.AsString, (span, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                char c = src[i];
                span[i] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
            }
        }));
    }

    public static CelValue Replace(CelValue s, CelValue old, CelValue replacement) => Replace(s, old, replacement, CelValue.Int(-1));

    public static CelValue Replace(CelValue s, CelValue old, CelValue replacement, CelValue limit)
    {
        if (s.Kind != CelKind.String || old.Kind != CelKind.String || replacement.Kind != CelKind.String || limit.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!, o = old.AsString!, r = replacement.AsString!;
        long n = limit.AsInt;

        // Size the result before building it: ten chained replacements that each double a string would otherwise
        // reach gigabytes (issue 11) before anything noticed.
        long count = o.Length == 0 ? Math.Min(n < 0 ? long.MaxValue : n, CodePointCount(str) + 1) : Occurrences(str, o, n < 0 ? long.MaxValue : n);
        if (!EvaluationBudget.TryAllocate(str.Length + (count * (r.Length - (long)o.Length)), out var full))
        {
            return full;
        }
        if (n < 0)
        {
            return CelValue.String(o.Length == 0 ? InsertBetween(str, r, long.MaxValue) : str.Replace(o, r, StringComparison.Ordinal));
        }

        if (o.Length == 0)
        {
            return CelValue.String(InsertBetween(str, r, n));
        }

        var sb = new StringBuilder();
        int pos = 0;
        while (n-- > 0)
        {
            int at = str.IndexOf(o, pos, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            sb.Append(str, pos, at - pos).Append(r);
            pos = at + o.Length;
        }

        sb.Append(str, pos, str.Length - pos);
        return CelValue.String(sb.ToString());
    }

    private static long Occurrences(string s, string o, long max)
    {
        EvaluationBudget.Spend(s.Length);
        long count = 0;
        int pos = 0;
        while (count < max && (pos = s.IndexOf(o, pos, StringComparison.Ordinal)) >= 0)
        {
            count++;
            pos += o.Length;
        }

        return count;
    }

    // Replacing "" inserts the replacement before every code point and at the end (Go strings.Replace).
    private static string InsertBetween(string s, string r, long n)
    {
        var starts = CodePointStarts(s);
        var sb = new StringBuilder();
        for (int i = 0; i < starts.Length; i++)
        {
            if (n-- > 0)
            {
                sb.Append(r);
            }

            if (i < starts.Length - 1)
            {
                sb.Append(s, starts[i], starts[i + 1] - starts[i]);
            }
        }

        return sb.ToString();
    }

    public static CelValue Split(CelValue s, CelValue sep) => Split(s, sep, CelValue.Int(-1));

    public static CelValue Split(CelValue s, CelValue sep, CelValue limit)
    {
        if (s.Kind != CelKind.String || sep.Kind != CelKind.String || limit.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!, sp = sep.AsString!;
        long n = limit.AsInt;
        if (n == 0)
        {
            return CelValue.List(CelList.Empty);
        }

        // The parts hold at most the string's characters; splitting on "" makes one element per character.
        if (!EvaluationBudget.TryAllocate(sp.Length == 0 ? 2L * str.Length : str.Length + 1, out var full))
        {
            return full;
        }

        var parts = new List<CelValue>();
        if (sp.Length == 0)
        {
            var starts = CodePointStarts(str);
            for (int i = 0; i < starts.Length - 1; i++)
            {
                if (n > 0 && parts.Count == n - 1)
                {
                    parts.Add(CelValue.String(str[starts[i]..]));
                    break;
                }

                parts.Add(CelValue.String(str[starts[i]..starts[i + 1]]));
            }

            return CelValue.List(new CelList([.. parts]));
        }

        int pos = 0;
        while (true)
        {
            if (n > 0 && parts.Count == n - 1)
            {
                break;
            }

            int at = str.IndexOf(sp, pos, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            parts.Add(CelValue.String(str[pos..at]));
            pos = at + sp.Length;
        }

        parts.Add(CelValue.String(str[pos..]));
        return CelValue.List(new CelList([.. parts]));
    }

    public static CelValue Substring(CelValue s, CelValue start)
    {
        if (s.Kind != CelKind.String || start.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        return Substring(s, start, CelValue.Int(CodePointCount(s.AsString!)));
    }

    public static CelValue Substring(CelValue s, CelValue start, CelValue end)
    {
        if (s.Kind != CelKind.String || start.Kind != CelKind.Int || end.Kind != CelKind.Int)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!;
        var starts = CodePointStarts(str);
        int count = starts.Length - 1;
        long b = start.AsInt, e = end.AsInt;
        if (b < 0 || b > count)
        {
            return IndexError(b);
        }

        if (e < 0 || e > count)
        {
            return IndexError(e);
        }

        if (b > e)
        {
            return CelValue.Error($"invalid substring range. start: {b.ToString(CultureInfo.InvariantCulture)}, end: {e.ToString(CultureInfo.InvariantCulture)}");
        }

        return EvaluationBudget.TryAllocate(starts[e] - starts[b], out var full) ? CelValue.String(str[starts[b]..starts[e]]) : full;
    }

    public static CelValue Trim(CelValue s)
    {
        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        // Unicode White_Space (Go unicode.IsSpace); zero-width characters such as U+200B are not trimmed.
        return EvaluationBudget.TryAllocate(s.UnsafeString.Length, out var full) ? CelValue.String(s.AsString!.Trim(WhiteSpace)) : full;
    }

    private static readonly char[] WhiteSpace =
    [
        '\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
        '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000',
    ];

    public static CelValue Join(CelValue list) => Join(list, CelValue.String(""));

    public static CelValue Join(CelValue list, CelValue sep)
    {
        if (list.Kind != CelKind.List || sep.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        var items = list.AsList!;
        long length = 0;
        foreach (var item in items.AsSpan())
        {
            if (item.Kind != CelKind.String)
            {
                return Errors.NoSuchOverload;
            }

            length += item.UnsafeString.Length + sep.UnsafeString.Length;
        }

        if (!EvaluationBudget.TryAllocate(length, out var full))
        {
            return full;
        }

        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(sep.AsString);
            }

            sb.Append(items[i].AsString);
        }

        return CelValue.String(sb.ToString());
    }

    public static CelValue Reverse(CelValue s)
    {
        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        string str = s.AsString!;
        if (!EvaluationBudget.TryAllocate(str.Length, out var full))
        {
            return full;
        }

        var starts = CodePointStarts(str);
        var sb = new StringBuilder(str.Length);
        for (int i = starts.Length - 2; i >= 0; i--)
        {
            sb.Append(str, starts[i], starts[i + 1] - starts[i]);
        }

        return CelValue.String(sb.ToString());
    }

    // A quoted string is at most ten characters per code point (\Uxxxxxxxx).
    public static CelValue QuoteValue(CelValue s) =>
        s.Kind != CelKind.String ? Errors.NoSuchOverload
        : EvaluationBudget.TryAllocate(2 + (5L * s.UnsafeString.Length), out var full) ? CelValue.String(Quote(s.AsString!)) : full;

    /// <summary>Renders a string as a double-quoted CEL literal, escaping control characters.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                default:
                    if (Rune.IsControl(rune) || rune.Value == 0xFFFD)
                    {
                        sb.Append(rune.Value < 0x10000 ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}");
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
