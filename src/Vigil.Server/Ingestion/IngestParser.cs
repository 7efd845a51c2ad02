using System.Globalization;
using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Ingestion;

/// <summary>
/// Splits an ingestion body (NDJSON, or one JSON array of events) into events, keeping each event's exact bytes for
/// the journal. A bad line or item is reported with its number (lines count from 1, blank lines included; array
/// items count from 1) and the rest are kept.
/// </summary>
internal static class IngestParser
{
    private static readonly string TooLong = string.Create(CultureInfo.InvariantCulture, $"line longer than {NdjsonEventReader.MaxLineBytes} bytes");

    // lines: the body was sent as NDJSON, so it is read line by line whatever its first byte.
    // admit: null when an event may be learned, else the error for its line (a tenant past the cap).
    public static IngestBatch Parse(ReadOnlyMemory<byte> body, int maxEvents, TimestampWindow? window, bool lines, out bool tooMany, Func<TelemetryEvent, string?>? admit = null)
    {
        var reader = new EcsEventReader();
        var span = body.Span.TrimStart(" \t\r\n\uFEFF"u8);
        tooMany = false;
        if (!lines && !span.IsEmpty && span[0] == (byte)'[')
        {
            // Items are not counted before parsing; a typical ECS event is a few hundred bytes.
            var batch = new IngestBatch(Math.Min(maxEvents + 1, (span.Length / 256) + 1));
            ParseArray(body, reader, window, admit, batch, maxEvents, ref tooMany);
            return batch;
        }

        // One event per line at most: counting newlines is one vectorised pass over the body.
        var perLine = new IngestBatch(Math.Min(maxEvents + 1, span.Count((byte)'\n') + 1));
        ParseLines(body, reader, window, admit, perLine, maxEvents, ref tooMany);
        return perLine;
    }

    private static void ParseLines(ReadOnlyMemory<byte> body, EcsEventReader reader, TimestampWindow? window, Func<TelemetryEvent, string?>? admit, IngestBatch batch, int maxEvents, ref bool tooMany)
    {
        int start = 0;
        long line = 0;
        var span = body.Span;
        while (start < span.Length)
        {
            int newline = span[start..].IndexOf((byte)'\n');
            int end = newline < 0 ? span.Length : start + newline;
            line++;
            var raw = span[start..end];
            var bytes = raw.Trim(" \t\r"u8);
            if (!bytes.IsEmpty)
            {
                int offset = start + (raw.Length - raw.TrimStart(" \t\r"u8).Length);
                Add(body.Slice(offset, bytes.Length), line, reader, window, admit, batch);
                if (batch.Events.Count > maxEvents)
                {
                    tooMany = true;
                    return;
                }
            }

            start = end + 1;
        }
    }

    private static void ParseArray(ReadOnlyMemory<byte> body, EcsEventReader reader, TimestampWindow? window, Func<TelemetryEvent, string?>? admit, IngestBatch batch, int maxEvents, ref bool tooMany)
    {
        // This reader only finds where each item ends; the item's depth is judged by the ECS reader (16 levels), so
        // an item nested too deep is that item's error and the items after it are still read. (With the ECS limit
        // here, one deep item ended the array and the good items after it were lost.) A level costs one bit.
        var json = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = int.MaxValue });
        long item = 0;
        bool inItem = false;
        try
        {
            json.Read(); // '['
            while (json.Read() && json.TokenType != JsonTokenType.EndArray)
            {
                item++;
                if (json.TokenType != JsonTokenType.StartObject)
                {
                    batch.Errors.Add((item, "the item is not a JSON object"));
                    inItem = true;
                    json.Skip();
                    inItem = false;
                    continue;
                }

                int start = (int)json.TokenStartIndex;
                inItem = true;
                json.Skip();
                inItem = false;
                int end = (int)json.BytesConsumed;
                Add(body[start..end], item, reader, window, admit, batch);
                if (batch.Events.Count > maxEvents)
                {
                    tooMany = true;
                    return;
                }
            }

            // Whatever follows the array would otherwise be dropped without a word.
            if (!body.Span[(int)json.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
            {
                batch.Errors.Add((item + 1, "unexpected content after the JSON array (send one array, or NDJSON as application/x-ndjson); it was not read"));
            }
        }
        catch (JsonException ex)
        {
            // Inside an item, the error is that item's; between items, it is where the next one would be.
            batch.Errors.Add((inItem ? item : item + 1, string.Create(CultureInfo.InvariantCulture, $"not valid JSON at byte {ex.BytePositionInLine ?? 0}; the rest of the array was not read")));
        }
    }

    private static void Add(ReadOnlyMemory<byte> bytes, long number, EcsEventReader reader, TimestampWindow? window, Func<TelemetryEvent, string?>? admit, IngestBatch batch)
    {
        if (bytes.Length > NdjsonEventReader.MaxLineBytes)
        {
            batch.Errors.Add((number, TooLong));
            return;
        }

        if (reader.TryRead(bytes.Span, out var e, out string? error) && (window is null || window.TryAccept(e.TimestampMs, out error))
            && (error = admit?.Invoke(e)) is null)
        {
            batch.Events.Add(e);
            batch.Appends.Add(new JournalAppend(JournalKind.Event, e.Id, e.SubjectId, bytes));
        }
        else
        {
            batch.Errors.Add((number, error ?? "not a valid event"));
        }
    }
}
