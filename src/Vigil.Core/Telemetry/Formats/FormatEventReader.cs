using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Reads one line of a native identity-provider log (or ECS) into events: the format is named or detected per line
/// (<see cref="FormatDetector"/>). A line may hold one event, a JSON array of events, or a file-shaped object with a
/// <c>Records</c> (CloudTrail) or <c>records</c> (Azure Monitor) array; each record becomes one event or one error that
/// names the record and the field. Never throws on input. Not thread-safe: it reuses the ECS reader's buffers.
/// </summary>
public sealed class FormatEventReader
{
    /// <summary>Deepest JSON nesting accepted: vendor events nest deeper than ECS (Auth0's request details, Entra's targets).</summary>
    public const int MaxDepth = 48;

    /// <summary>Most records read from one line (a CloudTrail file holds at most a few thousand).</summary>
    public const int MaxRecords = 50_000;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private readonly EcsEventReader _ecs = new();
    private readonly JsonInputCheck _check = new();
    private readonly ReadContext _context;

    /// <summary>Reads <paramref name="format"/>, or detects the format of each line when it is <see cref="LogFormat.Auto"/>.</summary>
    public FormatEventReader(LogFormat format = LogFormat.Auto, FormatReaderOptions? options = null)
    {
        Format = format;
        _context = new ReadContext(options ?? new FormatReaderOptions());
    }

    /// <summary>The format read, or <see cref="LogFormat.Auto"/>.</summary>
    public LogFormat Format { get; }

    /// <summary>Reads one line; appends its events and errors (all numbered <paramref name="lineNumber"/>) to <paramref name="output"/>.</summary>
    public void Read(ReadOnlySpan<byte> utf8Json, long lineNumber, List<EcsLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // ECS is the common case: a top-level @timestamp names it without building a document first.
        if (Format == LogFormat.Ecs || (Format == LogFormat.Auto && utf8Json.IndexOf("\"@timestamp\""u8) >= 0))
        {
            output.Add(ReadEcs(utf8Json, lineNumber));
            return;
        }

        // Checked before any field is read, as for ECS: a lone surrogate escape ("\ud800") is valid JSON syntax but no
        // string, and a duplicate key can smuggle a value past a reader that saw the other copy. Either is an error on
        // this line that names the field, never an exception that takes the good lines down with it.
        if (!_check.TryCheck(utf8Json, MaxDepth, out string? invalid))
        {
            output.Add(Error(lineNumber, invalid!));
            return;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                output.Add(Error(lineNumber, "unexpected content after the JSON value"));
                return;
            }
        }
        catch (JsonException ex)
        {
            output.Add(Error(lineNumber, string.Create(CultureInfo.InvariantCulture, $"not valid JSON at byte {ex.BytePositionInLine ?? 0}: {FirstSentence(ex.Message)}")));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                ReadRecords(root, "item", lineNumber, output);
            }
            else if (root.ValueKind != JsonValueKind.Object)
            {
                output.Add(Error(lineNumber, "not a JSON object"));
            }
            else if (root.Get("Records") is JsonElement { ValueKind: JsonValueKind.Array } records)
            {
                ReadRecords(records, "Records", lineNumber, output);
            }
            else if (root.Get("records") is JsonElement { ValueKind: JsonValueKind.Array } azure && root.Get("properties") is null)
            {
                ReadRecords(azure, "records", lineNumber, output);
            }
            else
            {
                ReadOne(root, utf8Json, lineNumber, output);
            }
        }
    }

    private void ReadRecords(JsonElement array, string name, long lineNumber, List<EcsLine> output)
    {
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (index >= MaxRecords)
            {
                output.Add(Error(lineNumber, string.Create(CultureInfo.InvariantCulture, $"{name}: more than {MaxRecords} records; the rest were not read")));
                return;
            }

            int before = output.Count;
            if (item.ValueKind != JsonValueKind.Object)
            {
                output.Add(Error(lineNumber, "not a JSON object"));
            }
            else
            {
                ReadOne(item, default, lineNumber, output);
            }

            for (int i = before; i < output.Count; i++)
            {
                if (output[i].Error is string error)
                {
                    output[i] = Error(lineNumber, string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]: {error}"));
                }
            }

            index++;
        }
    }

    private void ReadOne(JsonElement e, ReadOnlySpan<byte> utf8Json, long lineNumber, List<EcsLine> output)
    {
        var format = Format == LogFormat.Auto ? FormatDetector.Detect(e) : Format;
        try
        {
            switch (format)
            {
                case LogFormat.Ecs:
                    output.Add(utf8Json.IsEmpty ? ReadEcs(Encoding.UTF8.GetBytes(e.GetRawText()), lineNumber) : ReadEcs(utf8Json, lineNumber));
                    return;
                case LogFormat.Okta: Add(OktaReader.TryRead(e, _context, out var evt, out string? error), evt, error, lineNumber, output); return;
                case LogFormat.Entra: Add(EntraReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.Auth0: Add(Auth0Reader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.Keycloak: Add(KeycloakReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.CloudTrail: Add(CloudTrailReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.Duo: Add(DuoReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.OneLogin: Add(OneLoginReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.Ocsf: Add(OcsfReader.TryRead(e, _context, out evt, out error), evt, error, lineNumber, output); return;
                case LogFormat.GoogleWorkspace: GoogleWorkspaceReader.Read(e, _context, lineNumber, output); return;
                default:
                    // Not a native format: read as ECS, so ECS input keeps its own errors; the hint says what else was tried.
                    var ecs = utf8Json.IsEmpty ? ReadEcs(Encoding.UTF8.GetBytes(e.GetRawText()), lineNumber) : ReadEcs(utf8Json, lineNumber);
                    output.Add(ecs.IsEvent ? ecs : Error(lineNumber, ecs.Error + "; nor is it a native format (" + FormatDetector.Signatures + "): name the format with --format"));
                    return;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // A value of a type the vendor never writes there (an object where a string belongs ...): the line is refused, not the run.
            output.Add(Error(lineNumber, $"{LogFormats.Name(format)}: a field has a value of an unexpected type ({ex.GetType().Name})"));
        }
    }

    private EcsLine ReadEcs(ReadOnlySpan<byte> utf8Json, long lineNumber)
    {
        try
        {
            return _ecs.TryRead(utf8Json, out var evt, out string? error) ? new EcsLine(lineNumber, evt, null) : Error(lineNumber, error ?? "not a valid event");
        }
        catch (InvalidOperationException)
        {
            // The ECS reader throws on a string with a lone UTF-16 surrogate ("\ud800"): refuse the line, not the run.
            return Error(lineNumber, "a string holds an invalid escape (a lone UTF-16 surrogate)");
        }
    }

    private static void Add(bool ok, in TelemetryEvent evt, string? error, long lineNumber, List<EcsLine> output) =>
        output.Add(ok ? new EcsLine(lineNumber, evt, null) : Error(lineNumber, error ?? "not a valid event"));

    private static EcsLine Error(long lineNumber, string error) => new(lineNumber, default, error);

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
