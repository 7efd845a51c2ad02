using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Cel.Runtime;

/// <summary>
/// matches(): RE2 syntax (as langdef requires) run on .NET's non-backtracking engine with a match timeout,
/// so a hostile pattern or input cannot stall the decision path. RE2 features .NET lacks, and .NET
/// features RE2 lacks (backreferences, lookaround), are rejected with a message.
/// </summary>
internal static class RegexSupport
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<(string, long), Regex> Cache = new();

    /// <summary>Translates and compiles an RE2 pattern; returns null and an error message when unsupported.</summary>
    public static Regex? TryCompile(string pattern, TimeSpan timeout, out string? error)
    {
        if (Cache.TryGetValue((pattern, timeout.Ticks), out var cached))
        {
            error = null;
            return cached;
        }

        string? translated = Translate(pattern, out error);
        if (translated is null)
        {
            return null;
        }

        try
        {
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, timeout);
            Warm(regex);
            if (Cache.Count < MaxCached)
            {
                Cache.TryAdd((pattern, timeout.Ticks), regex);
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
            return CelValue.Bool(regex.IsMatch(input));
        }
        catch (RegexMatchTimeoutException)
        {
            return Errors.RegexTimeout;
        }
    }

    // RE2 limits: patterns stay small and counted repetition is at most 1000 (re2 syntax.h kMaxRepeat).
    private const int MaxPatternLength = 4096;
    private const int MaxRepeat = 1000;

    private static string? Translate(string p, out string? error)
    {
        error = null;
        if (p.Length > MaxPatternLength)
        {
            error = $"regular expression is longer than {MaxPatternLength} characters";
            return null;
        }

        var sb = new StringBuilder(p.Length + 8);
        bool inClass = false;
        bool multiline = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length)
                {
                    error = $"invalid regular expression '{p}': trailing backslash";
                    return null;
                }

                char n = p[++i];
                switch (n)
                {
                    case >= '1' and <= '9':
                        error = $"invalid regular expression '{p}': backreferences are not supported (RE2)";
                        return null;
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'D': sb.Append(inClass ? "\\D" : "[^0-9]"); break;
                    case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); break;
                    case 'W': sb.Append(inClass ? "\\W" : "[^0-9A-Za-z_]"); break;
                    case 's': sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"); break;
                    case 'S': sb.Append(inClass ? "\\S" : "[^\\t\\n\\f\\r ]"); break;
                    case 'Q':
                        int end = p.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                        string literal = end < 0 ? p[(i + 1)..] : p[(i + 1)..end];
                        sb.Append(Regex.Escape(literal));
                        i = end < 0 ? p.Length : end + 1;
                        break;
                    case 'C' or 'Z' or 'G':
                        error = $"invalid regular expression '{p}': \\{n} is not supported";
                        return null;
                    default: sb.Append('\\').Append(n); break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    // POSIX classes such as [:alpha:] exist in RE2 but not in .NET.
                    int close = p.IndexOf(":]", i, StringComparison.Ordinal);
                    string? posix = close < 0 ? null : PosixClass(p[(i + 2)..close]);
                    if (posix is null)
                    {
                        error = $"invalid regular expression '{p}': unknown character class";
                        return null;
                    }

                    sb.Append(posix);
                    i = close + 1;
                    continue;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < p.Length && p[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < p.Length && p[i + 1] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '(' when i + 1 < p.Length && p[i + 1] == '?':
                    string rest = p[(i + 2)..];
                    if (rest.StartsWith("P<", StringComparison.Ordinal))
                    {
                        sb.Append("(?<");
                        i += 3;
                    }
                    else if (rest.StartsWith('=') || rest.StartsWith('!') || rest.StartsWith("<=", StringComparison.Ordinal)
                        || rest.StartsWith("<!", StringComparison.Ordinal) || rest.StartsWith('>') || rest.StartsWith('#'))
                    {
                        error = $"invalid regular expression '{p}': lookaround, atomic groups and comments are not supported (RE2)";
                        return null;
                    }
                    else
                    {
                        int k = 0;
                        while (k < rest.Length && char.IsAsciiLetter(rest[k]))
                        {
                            if (rest[k] == 'U')
                            {
                                error = $"invalid regular expression '{p}': the (?U) flag is not supported";
                                return null;
                            }

                            if (rest[k] == 'm')
                            {
                                multiline = true;
                            }

                            k++;
                        }

                        sb.Append('(');
                    }

                    break;
                case '{':
                    int closeBrace = p.IndexOf('}', i + 1);
                    if (closeBrace > 0)
                    {
                        foreach (var part in p[(i + 1)..closeBrace].Split(','))
                        {
                            if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count) && count > MaxRepeat)
                            {
                                error = $"invalid regular expression '{p}': repetition count above {MaxRepeat}";
                                return null;
                            }
                        }
                    }

                    sb.Append(c);
                    break;
                case '$':
                    // RE2 '$' without (?m) matches only at the end of text; .NET's also matches before a final newline.
                    sb.Append(multiline ? "$" : "\\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };
}
