using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Checks that a JSON document from a caller is text Vigil can act on before any of it is used: valid JSON syntax, no
/// deeper than the limit, every string and property name valid UTF-8 without lone surrogates (<c>"\ud800"</c> is valid
/// JSON syntax but no string), and no property twice in one object (parsers disagree on which copy wins, so a
/// duplicate can smuggle a value past a check that read the other one; RFC 8259 section 4). A failure names the JSON
/// path of the offending field (<c>context.ip</c>, <c>evaluations[2].subject.id</c>). Not thread-safe: it reuses its
/// buffers; use one per thread or stream. Allocates nothing on valid input once its buffers are grown.
/// </summary>
public sealed class JsonInputCheck
{
    private const int MaxShownName = 40;

    private readonly List<JsonCheckFrame> _frames = [];
    private readonly List<JsonCheckName> _names = [];
    private readonly HashSet<long> _nameKeys = [];
    private char[] _chars = new char[256];
    private char[] _nameText = new char[1024];
    private int _nameTextLength;
    private int _objectSerial;

    /// <summary>Checks <paramref name="utf8Json"/>. On failure <paramref name="error"/> starts with the JSON path of the field and says why.</summary>
    public bool TryCheck(ReadOnlySpan<byte> utf8Json, int maxDepth, out string? error)
    {
        _frames.Clear();
        _names.Clear();
        _nameKeys.Clear();
        _nameTextLength = 0;
        _objectSerial = 0;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (!Visit(ref reader, out error))
                {
                    return false;
                }
            }
        }
        catch (JsonException ex)
        {
            string where = _frames.Count == 0 ? "" : " in " + Path(includeLastName: true);
            error = string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at byte {ex.BytePositionInLine ?? 0}{where}: {FirstSentence(ex.Message)}");
            return false;
        }

        error = null;
        return true;
    }

    private bool Visit(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                Advance();
                _frames.Add(new JsonCheckFrame(IsObject: true, Serial: ++_objectSerial, FirstName: _names.Count));
                return true;
            case JsonTokenType.StartArray:
                Advance();
                _frames.Add(new JsonCheckFrame(IsObject: false, Serial: 0, FirstName: _names.Count));
                return true;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                var frame = _frames[^1];
                _frames.RemoveAt(_frames.Count - 1);
                if (frame.IsObject)
                {
                    // Names of a closed object are no longer compared; keep their text only while it is on the path.
                    _names.RemoveRange(frame.FirstName, _names.Count - frame.FirstName);
                    _nameTextLength = _names.Count == 0 ? 0 : _names[^1].Offset + _names[^1].Length;
                }

                return true;
            case JsonTokenType.PropertyName:
                return AddName(ref reader, out error);
            case JsonTokenType.String:
                Advance();
                if (!TryDecode(ref reader, out _))
                {
                    error = Path(includeLastName: true) + ": the string is not valid Unicode text (invalid UTF-8 or a lone surrogate escape such as \\ud800)";
                    return false;
                }

                return true;
            default:
                Advance();
                return true;
        }
    }

    /// <summary>Counts an array item (for the path) before a value.</summary>
    private void Advance()
    {
        if (_frames.Count > 0 && !_frames[^1].IsObject)
        {
            var top = _frames[^1];
            _frames[^1] = top with { Items = top.Items + 1 };
        }
    }

    private bool AddName(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        if (!TryDecode(ref reader, out int length))
        {
            error = Path(includeLastName: false) + ": a property name is not valid Unicode text (invalid UTF-8 or a lone surrogate escape such as \\ud800)";
            return false;
        }

        var name = _chars.AsSpan(0, length);
        var frame = _frames[^1];
        int hash = string.GetHashCode(name, StringComparison.Ordinal);
        long key = ((long)frame.Serial << 32) | (uint)hash;
        if (!_nameKeys.Add(key))
        {
            // Same hash in this object: compare the text (a collision is rare; the hash is seeded per process).
            for (int i = _names.Count - 1; i >= frame.FirstName; i--)
            {
                if (_names[i].Hash == hash && _nameText.AsSpan(_names[i].Offset, _names[i].Length).SequenceEqual(name))
                {
                    error = PathWith(name) + ": duplicate property (each name may appear once in an object)";
                    return false;
                }
            }
        }

        if (_nameTextLength + length > _nameText.Length)
        {
            Array.Resize(ref _nameText, Math.Max(_nameText.Length * 2, _nameTextLength + length));
        }

        name.CopyTo(_nameText.AsSpan(_nameTextLength));
        _names.Add(new JsonCheckName(hash, _nameTextLength, length));
        _nameTextLength += length;
        _frames[^1] = frame with { LastName = _names.Count - 1 };
        return true;
    }

    /// <summary>The string or name under the reader as UTF-16 in <see cref="_chars"/>; false when it is not valid Unicode.</summary>
    private bool TryDecode(ref Utf8JsonReader reader, out int length)
    {
        length = 0;
        var raw = reader.ValueSpan; // the reader is over one span, so never a sequence
        if (_chars.Length < raw.Length)
        {
            _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        }

        if (!reader.ValueIsEscaped)
        {
            return Utf8.ToUtf16(raw, _chars, out _, out length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
        }

        try
        {
            // CopyString unescapes and refuses invalid UTF-8 and unpaired surrogate escapes.
            length = reader.CopyString(_chars);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The path of the current position: property names joined by dots, array items as [index] (from 0).</summary>
    private string Path(bool includeLastName)
    {
        var text = new StringBuilder();
        for (int i = 0; i < _frames.Count; i++)
        {
            var frame = _frames[i];
            bool last = i == _frames.Count - 1;
            if (frame.IsObject)
            {
                if (frame.LastName >= 0 && (!last || includeLastName))
                {
                    AppendName(text, _nameText.AsSpan(_names[frame.LastName].Offset, _names[frame.LastName].Length));
                }
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[{Math.Max(0, frame.Items - 1)}]");
            }
        }

        return text.Length == 0 ? "$" : text.ToString();
    }

    private string PathWith(ReadOnlySpan<char> name)
    {
        string parent = Path(includeLastName: false);
        var text = new StringBuilder(parent == "$" ? "" : parent);
        AppendName(text, name);
        return text.ToString();
    }

    private static void AppendName(StringBuilder text, ReadOnlySpan<char> name)
    {
        if (text.Length > 0)
        {
            text.Append('.');
        }

        text.Append(name.Length <= MaxShownName ? name : name[..MaxShownName]);
        if (name.Length > MaxShownName)
        {
            text.Append("...");
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
