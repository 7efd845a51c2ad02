using System.Globalization;
using System.Text;

namespace Vigil.Cel.Parsing;

/// <summary>Tokenizer for the CEL lexical grammar (langdef "Syntax", lexis). Any character it does not know is an error.</summary>
internal sealed class Lexer(string source)
{
    private readonly string _src = source;
    private int _pos;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var t = Next();
            tokens.Add(t);
            if (t.Kind == TokenKind.Eof)
            {
                return tokens;
            }
        }
    }

    private char Peek(int ahead = 0) => _pos + ahead < _src.Length ? _src[_pos + ahead] : '\0';

    private Token Next()
    {
        SkipTrivia();
        int start = _pos;
        if (_pos >= _src.Length)
        {
            return new Token(TokenKind.Eof, start, "", default);
        }

        char c = _src[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            // String/bytes prefixes: r, R, b, B, and combinations of raw and bytes.
            int p = _pos;
            bool raw = false, bytes = false;
            for (int k = 0; k < 2 && p < _src.Length; k++)
            {
                char pc = _src[p];
                if ((pc == 'r' || pc == 'R') && !raw)
                {
                    raw = true;
                    p++;
                }
                else if ((pc == 'b' || pc == 'B') && !bytes)
                {
                    bytes = true;
                    p++;
                }
                else
                {
                    break;
                }
            }

            if ((raw || bytes) && p < _src.Length && (_src[p] == '\'' || _src[p] == '"'))
            {
                _pos = p;
                return LexString(start, raw, bytes);
            }

            while (_pos < _src.Length && (char.IsAsciiLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
            {
                _pos++;
            }

            string text = _src[start.._pos];
            return text switch
            {
                "true" => new Token(TokenKind.True, start, text, CelValue.True),
                "false" => new Token(TokenKind.False, start, text, CelValue.False),
                "null" => new Token(TokenKind.Null, start, text, CelValue.Null),
                "in" => new Token(TokenKind.In, start, text, default),
                _ => new Token(TokenKind.Ident, start, text, default),
            };
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return LexNumber(start);
        }

        if (c == '\'' || c == '"')
        {
            return LexString(start, raw: false, bytes: false);
        }

        if (c == '`')
        {
            _pos++;
            while (_pos < _src.Length && _src[_pos] != '`')
            {
                char q = _src[_pos];
                if (!(char.IsAsciiLetterOrDigit(q) || q is '_' or '.' or '-' or '/' or ' '))
                {
                    throw new CelSyntaxException(_pos, $"invalid character '{q}' in quoted identifier");
                }

                _pos++;
            }

            if (_pos >= _src.Length)
            {
                throw new CelSyntaxException(start, "unterminated quoted identifier");
            }

            _pos++;
            string name = _src[(start + 1)..(_pos - 1)];
            if (name.Length == 0)
            {
                throw new CelSyntaxException(start, "empty quoted identifier");
            }

            return new Token(TokenKind.QuotedIdent, start, name, default);
        }

        _pos++;
        TokenKind kind;
        switch (c)
        {
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case '{': kind = TokenKind.LBrace; break;
            case '}': kind = TokenKind.RBrace; break;
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case ':': kind = TokenKind.Colon; break;
            case '?': kind = TokenKind.Question; break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '!':
                kind = TokenKind.Bang;
                if (Peek() == '=')
                {
                    _pos++;
                    kind = TokenKind.NotEq;
                }

                break;
            case '<':
                kind = TokenKind.Less;
                if (Peek() == '=')
                {
                    _pos++;
                    kind = TokenKind.LessEq;
                }

                break;
            case '>':
                kind = TokenKind.Greater;
                if (Peek() == '=')
                {
                    _pos++;
                    kind = TokenKind.GreaterEq;
                }

                break;
            case '=' when Peek() == '=':
                _pos++;
                kind = TokenKind.EqEq;
                break;
            case '&' when Peek() == '&':
                _pos++;
                kind = TokenKind.AndAnd;
                break;
            case '|' when Peek() == '|':
                _pos++;
                kind = TokenKind.OrOr;
                break;
            default:
                throw new CelSyntaxException(start, $"unexpected character '{(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())}'");
        }

        return new Token(kind, start, _src[start.._pos], default);
    }

    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            char c = _src[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _pos++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _src.Length && _src[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token LexNumber(int start)
    {
        if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X'))
        {
            _pos += 2;
            int digitsStart = _pos;
            while (char.IsAsciiHexDigit(Peek()))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                throw new CelSyntaxException(start, "invalid hexadecimal literal");
            }

            if (!ulong.TryParse(_src.AsSpan(digitsStart, _pos - digitsStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
            {
                throw new CelSyntaxException(start, "integer literal out of range");
            }

            return IntegerToken(start, hex);
        }

        while (char.IsAsciiDigit(Peek()))
        {
            _pos++;
        }

        bool isDouble = false;
        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isDouble = true;
            _pos++;
            while (char.IsAsciiDigit(Peek()))
            {
                _pos++;
            }
        }

        if (Peek() is 'e' or 'E')
        {
            int save = _pos;
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (char.IsAsciiDigit(Peek()))
            {
                isDouble = true;
                while (char.IsAsciiDigit(Peek()))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        string text = _src[start.._pos];
        if (isDouble)
        {
            double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            RejectIdentifierTail(start);
            return new Token(TokenKind.Double, start, text, CelValue.Double(d));
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong mag))
        {
            throw new CelSyntaxException(start, "integer literal out of range");
        }

        return IntegerToken(start, mag);
    }

    private Token IntegerToken(int start, ulong magnitude)
    {
        if (Peek() is 'u' or 'U')
        {
            _pos++;
            RejectIdentifierTail(start);
            return new Token(TokenKind.Uint, start, _src[start.._pos], CelValue.Uint(magnitude));
        }

        RejectIdentifierTail(start);
        return new Token(TokenKind.Int, start, _src[start.._pos], magnitude <= long.MaxValue ? CelValue.Int((long)magnitude) : default, magnitude);
    }

    private void RejectIdentifierTail(int start)
    {
        if (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_')
        {
            throw new CelSyntaxException(start, "invalid number literal");
        }
    }

    private Token LexString(int start, bool raw, bool bytes)
    {
        char quote = _src[_pos];
        bool triple = Peek(1) == quote && Peek(2) == quote;
        _pos += triple ? 3 : 1;
        var chars = new StringBuilder();
        var byteBuf = bytes ? new List<byte>() : null;
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw new CelSyntaxException(start, "unterminated string literal");
            }

            char c = _src[_pos];
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                _pos += triple ? 3 : 1;
                break;
            }

            if (!triple && (c == '\n' || c == '\r'))
            {
                throw new CelSyntaxException(_pos, "newline in string literal");
            }

            if (c == '\\' && !raw)
            {
                ReadEscape(chars, byteBuf);
                continue;
            }

            if (c == '\\' && raw && _pos + 1 < _src.Length && (_src[_pos + 1] == quote))
            {
                // In raw strings a backslash still keeps the quote from closing the literal.
                Append(chars, byteBuf, '\\');
                Append(chars, byteBuf, quote);
                _pos += 2;
                continue;
            }

            if (char.IsHighSurrogate(c) && _pos + 1 < _src.Length && char.IsLowSurrogate(_src[_pos + 1]))
            {
                AppendRune(chars, byteBuf, new Rune(c, _src[_pos + 1]));
                _pos += 2;
                continue;
            }

            Append(chars, byteBuf, c);
            _pos++;
        }

        string text = _src[start.._pos];
        return bytes
            ? new Token(TokenKind.Bytes, start, text, CelValue.Bytes(byteBuf!.ToArray()))
            : new Token(TokenKind.String, start, text, CelValue.String(chars.ToString()));
    }

    private static void Append(StringBuilder chars, List<byte>? bytes, char c)
    {
        if (bytes is null)
        {
            chars.Append(c);
        }
        else
        {
            AppendRune(chars, bytes, new Rune(c));
        }
    }

    private static void AppendRune(StringBuilder chars, List<byte>? bytes, Rune r)
    {
        if (bytes is null)
        {
            chars.Append(r.ToString());
            return;
        }

        Span<byte> buf = stackalloc byte[4];
        int n = r.EncodeToUtf8(buf);
        for (int i = 0; i < n; i++)
        {
            bytes.Add(buf[i]);
        }
    }

    private void ReadEscape(StringBuilder chars, List<byte>? bytes)
    {
        int escStart = _pos;
        _pos++;
        if (_pos >= _src.Length)
        {
            throw new CelSyntaxException(escStart, "unterminated escape sequence");
        }

        char e = _src[_pos++];
        switch (e)
        {
            case 'a': Append(chars, bytes, '\a'); return;
            case 'b': Append(chars, bytes, '\b'); return;
            case 'f': Append(chars, bytes, '\f'); return;
            case 'n': Append(chars, bytes, '\n'); return;
            case 'r': Append(chars, bytes, '\r'); return;
            case 't': Append(chars, bytes, '\t'); return;
            case 'v': Append(chars, bytes, '\v'); return;
            case '\\': case '?': case '"': case '\'': case '`': Append(chars, bytes, e); return;
            case 'x':
            case 'X':
                AppendCode(chars, bytes, ReadHex(2, escStart), escStart);
                return;
            case 'u':
                if (bytes is not null)
                {
                    throw new CelSyntaxException(escStart, "\\u escape is not allowed in bytes literals");
                }

                AppendCode(chars, bytes, ReadHex(4, escStart), escStart);
                return;
            case 'U':
                if (bytes is not null)
                {
                    throw new CelSyntaxException(escStart, "\\U escape is not allowed in bytes literals");
                }

                AppendCode(chars, bytes, ReadHex(8, escStart), escStart);
                return;
            case >= '0' and <= '3':
                int v = e - '0';
                for (int i = 0; i < 2; i++)
                {
                    char o = Peek();
                    if (o is < '0' or > '7')
                    {
                        throw new CelSyntaxException(escStart, "invalid octal escape");
                    }

                    v = (v * 8) + (o - '0');
                    _pos++;
                }

                AppendCode(chars, bytes, v, escStart);
                return;
            default:
                throw new CelSyntaxException(escStart, $"invalid escape sequence '\\{e}'");
        }
    }

    private int ReadHex(int count, int escStart)
    {
        if (_pos + count > _src.Length || !int.TryParse(_src.AsSpan(_pos, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
        {
            throw new CelSyntaxException(escStart, "invalid hexadecimal escape");
        }

        _pos += count;
        return v;
    }

    private static void AppendCode(StringBuilder chars, List<byte>? bytes, int code, int escStart)
    {
        if (bytes is not null)
        {
            // In bytes literals, \x and octal escapes denote single bytes.
            bytes.Add((byte)code);
            return;
        }

        if (!Rune.IsValid(code))
        {
            throw new CelSyntaxException(escStart, "invalid Unicode code point in escape");
        }

        chars.Append(new Rune(code).ToString());
    }
}
