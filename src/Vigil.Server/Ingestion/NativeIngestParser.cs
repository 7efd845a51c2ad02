using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;
using Vigil.Storage;

namespace Vigil.Server.Ingestion;

/// <summary>
/// The body of <c>POST /v1/events?format=...</c> in an identity provider's own format (docs/connectors.md): NDJSON with
/// the format named or detected per line, or one JSON document (a CloudTrail file with <c>Records</c>, an Azure Monitor
/// export with <c>records</c>, a JSON array), read as line 1. Each event is journaled as the ECS document
/// <see cref="EcsEventWriter"/> writes and scored as that document reads back, so the journal's replay (which reads ECS)
/// gives the engine exactly the event it scored the first time.
/// </summary>
internal static class NativeIngestParser
{
    public static IngestBatch Parse(ReadOnlyMemory<byte> body, LogFormat format, int maxEvents, TimestampWindow? window, out bool tooMany, Func<TelemetryEvent, string?>? admit = null)
    {
        var reader = new FormatEventReader(format);
        var ecs = new EcsEventReader();
        var lines = new List<EcsLine>();
        var span = body.Span.TrimStart(" \t\r\n\uFEFF"u8);
        var batch = new IngestBatch(Math.Min(maxEvents + 1, span.Count((byte)'\n') + 1));
        tooMany = false;
        if (IsOneDocument(span))
        {
            reader.Read(span, 1, lines);
            return Add(lines, ecs, window, admit, batch, maxEvents, ref tooMany);
        }

        long number = 0;
        foreach (var range in body.Span.Split((byte)'\n'))
        {
            number++;
            var line = body.Span[range].Trim(" \t\r"u8);
            if (line.Length > NdjsonEventReader.MaxLineBytes)
            {
                lines.Add(new EcsLine(number, default, $"line longer than {NdjsonEventReader.MaxLineBytes} bytes"));
            }
            else if (!line.IsEmpty)
            {
                reader.Read(line, number, lines);
                if (lines.Count > maxEvents)
                {
                    break;
                }
            }
        }

        return Add(lines, ecs, window, admit, batch, maxEvents, ref tooMany);
    }

    /// <summary>
    /// The format named by the <c>format</c> query parameter or the <c>Vigil-Format</c> header: ECS (the default, read by
    /// <see cref="IngestParser"/>), <c>auto</c> (detected per line) or a source's name. False for a name Vigil does not know.
    /// </summary>
    public static bool TryGetFormat(HttpRequest request, out LogFormat format, out string? error)
    {
        string? name = request.Query.TryGetValue("format", out var query) ? query.ToString() : request.Headers["Vigil-Format"].ToString();
        error = null;
        if (string.IsNullOrEmpty(name))
        {
            format = LogFormat.Ecs;
            return true;
        }

        if (LogFormats.TryParse(name, out format))
        {
            return true;
        }

        error = $"format '{(name.Length <= 40 ? name : name[..40] + "...")}': use one of {string.Join(", ", LogFormats.Names)} (docs/connectors.md).";
        return false;
    }

    /// <summary>True when the body is one JSON array, or one object spanning lines (a pretty-printed file), not NDJSON.</summary>
    private static bool IsOneDocument(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty || span[0] == (byte)'[')
        {
            return !span.IsEmpty;
        }

        if (span[0] != (byte)'{' || span.IndexOf((byte)'\n') < 0)
        {
            return false;
        }

        var json = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = FormatEventReader.MaxDepth });
        try
        {
            return json.Read() && json.TrySkip() && !json.Read();
        }
        catch (JsonException)
        {
            // NDJSON (a second value follows the first) or broken: line by line says which line is broken.
            return false;
        }
    }

    private static IngestBatch Add(List<EcsLine> lines, EcsEventReader ecs, TimestampWindow? window, Func<TelemetryEvent, string?>? admit, IngestBatch batch, int maxEvents, ref bool tooMany)
    {
        foreach (var line in lines)
        {
            if (!line.IsEvent)
            {
                batch.Errors.Add((line.LineNumber, line.Error!));
                continue;
            }

            byte[] document = EcsEventWriter.Write(line.Event);
            if (!ecs.TryRead(document, out var e, out string? error) || (window is not null && !window.TryAccept(e.TimestampMs, out error)) || (error = admit?.Invoke(e)) is not null)
            {
                batch.Errors.Add((line.LineNumber, error ?? "not a valid event"));
                continue;
            }

            batch.Events.Add(e);
            batch.Appends.Add(new JournalAppend(JournalKind.Event, e.Id, e.SubjectId, document));
            if (batch.Events.Count > maxEvents)
            {
                tooMany = true;
                break;
            }
        }

        return batch;
    }
}
