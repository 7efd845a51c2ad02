using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>
/// Translates an RE2 pattern (langdef: <c>matches</c> uses RE2 syntax) into an equivalent .NET pattern for the
/// non-backtracking engine. .NET matches UTF-16 code units and RE2 matches code points, so <c>.</c>, classes and
/// negated shorthands become explicit code-point alternatives (a surrogate pair is one character); <c>\d \w \s</c>
/// and POSIX classes have RE2's ASCII meaning; <c>\pL</c>, <c>\p{Greek}</c>, <c>\PL</c>, <c>\x{e9}</c> and octal
/// escapes are supported; what RE2 rejects (backreferences, lookaround, atomic groups, unknown escapes) is an error.
/// Syntax reference: https://github.com/google/re2/wiki/Syntax.
/// </summary>
internal sealed class Re2Translator
{
    // RE2 limits: counted repetition is at most 1000 (re2 syntax.h kMaxRepeat).
    private const int MaxRepeat = 1000;

    private static readonly CodePointSet Digit = CodePointSet.Of('0', '9');
    private static readonly CodePointSet Space = Build(('\t', '\n'), ('\f', '\r'), (' ', ' '));
    private static readonly CodePointSet Word = Build(('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_'));

    private readonly string _p;
    private readonly StringBuilder _out = new();
    private readonly Stack<(bool DotAll, bool Multiline)> _groups = new();
    private bool _dotAll;
    private bool _multiline;
    private int _i;

    private Re2Translator(string pattern) => _p = pattern;

    /// <summary>The .NET pattern, or null with the reason RE2 would reject it.</summary>
    public static string? Translate(string pattern, out string? error)
    {
        var t = new Re2Translator(pattern);
        try
        {
            t.Run();
            error = null;
            return t._out.ToString();
        }
        catch (FormatException ex)
        {
            error = $"invalid regular expression '{pattern}': {ex.Message}";
            return null;
        }
    }

    private static CodePointSet Build(params (char Lo, char Hi)[] ranges)
    {
        var set = new CodePointSet();
        foreach (var (lo, hi) in ranges)
        {
            set.Add(lo, hi);
        }

        return set;
    }

    private void Run()
    {
        while (_i < _p.Length)
        {
            char c = _p[_i];
            switch (c)
            {
                case '\\':
                    Escape();
                    break;
                case '[':
                    _i++;
                    _out.Append(Class().ToPattern());
                    break;
                case '.':
                    _i++;
                    // Any code point (a surrogate pair as one); not a newline unless (?s).
                    _out.Append(_dotAll ? "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\uD800-\\uDFFF])" : "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\n\\uD800-\\uDFFF])");
                    break;
                case '(':
                    Group();
                    break;
                case ')':
                    _i++;
                    if (_groups.Count == 0)
                    {
                        throw new FormatException("unexpected )");
                    }

                    (_dotAll, _multiline) = _groups.Pop();
                    _out.Append(')');
                    break;
                case '{':
                    Repeat();
                    break;
                case '$':
                    _i++;
                    // RE2 '$' without (?m) matches only at the end of text; .NET's also matches before a final newline.
                    _out.Append(_multiline ? "$" : "\\z");
                    break;
                case '*' or '+' or '?':
                    _i++;
                    _out.Append(c);
                    if (_i < _p.Length && _p[_i] is '*' or '+')
                    {
                        throw new FormatException($"bad repetition operator {c}{_p[_i]}");
                    }

                    break;
                case '^' or '|':
                    _i++;
                    _out.Append(c);
                    break;
                default:
                    Literal(ReadRune());
                    break;
            }
        }

        if (_groups.Count > 0)
        {
            throw new FormatException("missing )");
        }
    }

    private void Literal(int rune)
    {
        if (rune > 0xFFFF)
        {
            // A group, so a following quantifier applies to the whole pair.
            _out.Append("(?:").Append(char.ConvertFromUtf32(rune)).Append(')');
        }
        else
        {
            _out.Append(EscapeChar((char)rune));
        }
    }

    private static string EscapeChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 0x7F && c is < '\uD800' or > '\uDFFF')
            ? c.ToString()
            : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    // A code point of the pattern; a lone surrogate reads as U+FFFD, as RE2 reads invalid UTF-8.
    private int ReadRune()
    {
        char c = _p[_i++];
        if (char.IsHighSurrogate(c) && _i < _p.Length && char.IsLowSurrogate(_p[_i]))
        {
            return char.ConvertToUtf32(c, _p[_i++]);
        }

        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    private void Escape()
    {
        _i++;
        if (_i >= _p.Length)
        {
            throw new FormatException("trailing backslash at end of expression");
        }

        char n = _p[_i];
        switch (n)
        {
            case 'A' or 'z' or 'b' or 'B':
                _i++;
                _out.Append('\\').Append(n);
                return;
            case 'Q':
                _i++;
                int end = _p.IndexOf("\\E", _i, StringComparison.Ordinal);
                int stop = end < 0 ? _p.Length : end;
                while (_i < stop)
                {
                    Literal(ReadRune());
                }

                _i = end < 0 ? _p.Length : end + 2;
                return;
            case 'E':
                _i++; // a stray \E is ignored, as in RE2
                return;
            case 'C' or 'Z' or 'G':
                throw new FormatException($"\\{n} is not supported");
        }

        if (ClassEscape() is { } set)
        {
            _out.Append(set.ToPattern());
            return;
        }

        Literal(EscapedRune());
    }

    // \d \D \s \S \w \W \pX \p{Name} \PX \P{Name} at _p[_i]; null when the escape is a single code point.
    private CodePointSet? ClassEscape()
    {
        char n = _p[_i];
        switch (n)
        {
            case 'd': _i++; return Digit;
            case 'D': _i++; return Digit.Complement();
            case 's': _i++; return Space;
            case 'S': _i++; return Space.Complement();
            case 'w': _i++; return Word;
            case 'W': _i++; return Word.Complement();
            case 'p' or 'P':
                _i++;
                string name;
                if (_i < _p.Length && _p[_i] == '{')
                {
                    int close = _p.IndexOf('}', _i);
                    if (close < 0)
                    {
                        throw new FormatException("missing } in \\p{...}");
                    }

                    name = _p[(_i + 1)..close];
                    _i = close + 1;
                }
                else if (_i < _p.Length)
                {
                    name = _p[_i++].ToString();
                }
                else
                {
                    throw new FormatException("\\p at end of expression");
                }

                bool negate = n == 'P';
                if (name.StartsWith('^'))
                {
                    negate = !negate;
                    name = name[1..];
                }

                var property = CodePointSet.Property(name) ?? throw new FormatException($"unknown Unicode class \\p{{{name}}}");
                return negate ? property.Complement() : property;
            default:
                return null;
        }
    }

    // A single-character escape at _p[_i] (after the backslash).
    private int EscapedRune()
    {
        char n = _p[_i++];
        switch (n)
        {
            case 'a': return 7;
            case 'f': return '\f';
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'v': return '\v';
            case 'x':
                if (_i < _p.Length && _p[_i] == '{')
                {
                    int close = _p.IndexOf('}', _i);
                    if (close < 0 || !TryHex(_p[(_i + 1)..close], out int value) || value > 0x10FFFF)
                    {
                        throw new FormatException("invalid \\x{...} escape");
                    }

                    _i = close + 1;
                    return value;
                }

                if (_i + 2 > _p.Length || !TryHex(_p.Substring(_i, 2), out int two))
                {
                    throw new FormatException("invalid \\x escape");
                }

                _i += 2;
                return two;
            case >= '0' and <= '7':
                // Octal: \0, or a digit followed by more octal digits (up to three). A lone \1-\9 is a backreference.
                int start = _i - 1;
                while (_i < _p.Length && _i - start < 3 && _p[_i] is >= '0' and <= '7')
                {
                    _i++;
                }

                if (n != '0' && _i - start == 1)
                {
                    throw new FormatException("backreferences are not supported (RE2)");
                }

                return Convert.ToInt32(_p[start.._i], 8);
            case '8' or '9':
                throw new FormatException("backreferences are not supported (RE2)");
            default:
                if (n < 0x80 && !char.IsAsciiLetterOrDigit(n))
                {
                    return n; // escaped punctuation is itself
                }

                throw new FormatException($"invalid escape \\{n}");
        }
    }

    private static bool TryHex(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && s.Length is > 0 and <= 8;

    // A bracket class after '['; returns its set, negation applied.
    private CodePointSet Class()
    {
        bool negate = false;
        if (_i < _p.Length && _p[_i] == '^')
        {
            negate = true;
            _i++;
        }

        var set = new CodePointSet();
        bool first = true;
        while (true)
        {
            if (_i >= _p.Length)
            {
                throw new FormatException("missing closing ]");
            }

            char c = _p[_i];
            if (c == ']' && !first)
            {
                _i++;
                break;
            }

            first = false;
            if (c == '[' && _i + 1 < _p.Length && _p[_i + 1] == ':')
            {
                int close = _p.IndexOf(":]", _i + 2, StringComparison.Ordinal);
                string name = close < 0 ? "" : _p[(_i + 2)..close];
                bool negated = name.StartsWith('^');
                var posix = Posix(negated ? name[1..] : name) ?? throw new FormatException("invalid character class range");
                set.Add(negated ? posix.Complement() : posix);
                _i = close + 2;
                continue;
            }

            if (c == '\\' && _i + 1 < _p.Length)
            {
                _i++;
                if (ClassEscape() is { } escaped)
                {
                    set.Add(escaped);
                    continue;
                }

                _i--;
            }

            int lo = ClassRune();
            int hi = lo;
            if (_i + 1 < _p.Length && _p[_i] == '-' && _p[_i + 1] != ']')
            {
                _i++;
                hi = ClassRune();
                if (hi < lo)
                {
                    throw new FormatException("invalid character class range");
                }
            }

            set.Add(lo, hi);
        }

        return negate ? set.Complement() : set;
    }

    private int ClassRune()
    {
        if (_p[_i] == '\\')
        {
            _i++;
            if (_i >= _p.Length)
            {
                throw new FormatException("trailing backslash at end of expression");
            }

            return EscapedRune();
        }

        return ReadRune();
    }

    private static CodePointSet? Posix(string name) => name switch
    {
        "alnum" => Build(('0', '9'), ('A', 'Z'), ('a', 'z')),
        "alpha" => Build(('A', 'Z'), ('a', 'z')),
        "ascii" => Build(('\0', '\x7F')),
        "blank" => Build(('\t', '\t'), (' ', ' ')),
        "cntrl" => Build(('\0', '\x1F'), ('\x7F', '\x7F')),
        "digit" => Digit,
        "graph" => Build(('!', '~')),
        "lower" => Build(('a', 'z')),
        "print" => Build((' ', '~')),
        "punct" => Build(('!', '/'), (':', '@'), ('[', '`'), ('{', '~')),
        "space" => Build(('\t', '\r'), (' ', ' ')),
        "upper" => Build(('A', 'Z')),
        "word" => Word,
        "xdigit" => Build(('0', '9'), ('A', 'F'), ('a', 'f')),
        _ => null,
    };

    private void Group()
    {
        _i++;
        _groups.Push((_dotAll, _multiline));
        if (_i >= _p.Length || _p[_i] != '?')
        {
            _out.Append('(');
            return;
        }

        _i++;
        string rest = _p[_i..];
        if (rest.StartsWith("P<", StringComparison.Ordinal) || (rest.StartsWith('<') && rest.Length > 1 && rest[1] is not ('=' or '!')))
        {
            _i += rest[0] == 'P' ? 2 : 1;
            int close = _p.IndexOf('>', _i);
            string name = close < 0 ? "" : _p[_i..close];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                throw new FormatException("invalid named capture group");
            }

            _out.Append("(?<").Append(name).Append('>');
            _i = close + 1;
            return;
        }

        // Flags: (?flags) sets them for the rest of the group, (?flags:re) for re only. RE2 knows i, m, s, U.
        bool on = true, dotAll = _dotAll, multiline = _multiline;
        var passOn = new StringBuilder();
        while (_i < _p.Length && _p[_i] is not (')' or ':'))
        {
            char f = _p[_i++];
            switch (f)
            {
                case '-' when on:
                    on = false;
                    passOn.Append('-');
                    break;
                case 'i':
                    passOn.Append('i');
                    break;
                case 'm':
                    multiline = on;
                    passOn.Append('m');
                    break;
                case 's':
                    dotAll = on;
                    break;
                case 'U':
                    throw new FormatException("the (?U) flag is not supported");
                case '=' or '!' or '<' or '>' or '#':
                    throw new FormatException("lookaround, atomic groups and comments are not supported (RE2)");
                default:
                    throw new FormatException($"invalid or unsupported Perl syntax (?{f}");
            }
        }

        if (_i >= _p.Length)
        {
            throw new FormatException("missing )");
        }

        string flags = passOn.ToString().TrimEnd('-');
        if (_p[_i] == ':')
        {
            _i++;
            _out.Append(flags.Length == 0 ? "(?:" : $"(?{flags}:");
            _dotAll = dotAll;
            _multiline = multiline;
            return;
        }

        // (?flags): not a group; the flags apply to the enclosing group.
        _i++;
        _groups.Pop();
        _dotAll = dotAll;
        _multiline = multiline;
        if (flags.Length > 0)
        {
            _out.Append("(?").Append(flags).Append(')');
        }
    }

    private void Repeat()
    {
        int close = _p.IndexOf('}', _i + 1);
        string body = close < 0 ? "" : _p[(_i + 1)..close];
        bool counted = body.Length > 0 && body.All(ch => char.IsAsciiDigit(ch) || ch == ',') && char.IsAsciiDigit(body[0]) && body.Count(ch => ch == ',') <= 1;
        if (!counted)
        {
            _i++;
            _out.Append("\\{"); // not a repetition: a literal brace, as in RE2
            return;
        }

        foreach (var part in body.Split(','))
        {
            if (part.Length > 0 && (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > MaxRepeat))
            {
                throw new FormatException($"repetition count above {MaxRepeat}");
            }
        }

        _out.Append('{').Append(body).Append('}');
        _i = close + 1;
    }
}
