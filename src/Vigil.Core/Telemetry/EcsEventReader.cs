using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Reads one ECS JSON event (UTF-8) into a <see cref="TelemetryEvent"/>. Nested and dotted keys are both accepted;
/// unknown fields are ignored. Not thread-safe: it reuses its buffers; use one reader per stream.
/// </summary>
public sealed class EcsEventReader
{
    /// <summary>Deepest JSON nesting accepted; ECS needs about five levels.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private readonly char[] _path = new char[256];
    private readonly RawEcsEvent _raw = new();
    private readonly JsonInputCheck _check = new();

    /// <summary>Parses one line. On failure <paramref name="error"/> says what is wrong, in words a person can act on.</summary>
    public bool TryRead(ReadOnlySpan<byte> utf8Json, out TelemetryEvent telemetryEvent, out string? error)
    {
        telemetryEvent = default;
        _raw.Clear();

        // Checked first, so a string that cannot be text (a lone surrogate escape, invalid UTF-8) or a duplicate key
        // is a per-line error naming the field, never an exception that takes the good lines down with it.
        if (!_check.TryCheck(utf8Json, MaxDepth, out error))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                return false;
            }

            ReadObject(ref reader, 0);
            if (reader.Read())
            {
                error = "unexpected content after the JSON object";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"not valid JSON at byte {ex.BytePositionInLine ?? 0}: {FirstSentence(ex.Message)}");
            return false;
        }
        catch (InvalidOperationException)
        {
            // Unreachable after the check above; kept so that no input can ever throw out of the reader.
            error = "a string is not valid Unicode text";
            return false;
        }

        return _raw.TryBuild(out telemetryEvent, out error);
    }

    private void ReadObject(ref Utf8JsonReader reader, int pathLength)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            // Property name: append to the dotted path (truncate silently past the buffer: such paths are never ours).
            int length = pathLength;
            if (length > 0 && length < _path.Length)
            {
                _path[length++] = '.';
            }

            int nameLength = reader.HasValueSequence ? 0 : Encoding.UTF8.GetMaxCharCount(reader.ValueSpan.Length);
            if (nameLength > 0 && length + nameLength <= _path.Length)
            {
                length += reader.CopyString(_path.AsSpan(length));
            }
            else
            {
                length = _path.Length; // too long to be a field we read
            }

            reader.Read();
            ReadValue(ref reader, length);
        }
    }

    private void ReadValue(ref Utf8JsonReader reader, int pathLength)
    {
        var path = _path.AsSpan(0, pathLength);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ReadObject(ref reader, pathLength);
                break;
            case JsonTokenType.StartArray:
                ReadArray(ref reader, path);
                break;
            default:
                if (EcsFieldMap.Lookup.TryGetValue(path, out var field))
                {
                    _raw.Set(field, ref reader);
                }

                break;
        }
    }

    private void ReadArray(ref Utf8JsonReader reader, ReadOnlySpan<char> path)
    {
        if (EcsFieldMap.Lookup.TryGetValue(path, out var field))
        {
            _raw.SetArray(field, ref reader);
        }
        else
        {
            reader.Skip();
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
