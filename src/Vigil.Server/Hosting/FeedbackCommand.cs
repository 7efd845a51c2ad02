using System.Text.Json;
using Vigil.Core.Feedback;

namespace Vigil.Server.Hosting;

/// <summary>Feedback as journaled and replayed: everything <c>VigilEngine.ApplyFeedback</c> needs, with the time it was given.</summary>
internal sealed record FeedbackCommand(string IdentityId, FeedbackKind Kind, long TimeMs, string? Tenant, string? EventId)
{
    /// <summary>
    /// The alerted event's pattern (<c>VigilEngine.PatternOf</c>) and time, when the feedback comes from an alert
    /// action: confirm_safe teaches it even when the event was not held (docs/alerts.md). Journaled with the command,
    /// so a replay teaches exactly the same thing.
    /// </summary>
    public ulong[]? Pattern { get; init; }

    /// <summary>The alerted event's time (Unix ms) that goes with <see cref="Pattern"/>.</summary>
    public long PatternTimeMs { get; init; }

    public static string KindText(FeedbackKind kind) => kind switch
    {
        FeedbackKind.ConfirmSafe => "confirm_safe",
        FeedbackKind.Dismiss => "dismiss",
        FeedbackKind.ConfirmCompromised => "confirm_compromised",
        _ => "not_me",
    };

    public static bool TryParseKind(string? text, out FeedbackKind kind)
    {
        switch (text)
        {
            case "confirm_safe": kind = FeedbackKind.ConfirmSafe; return true;
            case "dismiss": kind = FeedbackKind.Dismiss; return true;
            case "confirm_compromised": kind = FeedbackKind.ConfirmCompromised; return true;
            case "not_me": kind = FeedbackKind.ReportedNotMe; return true;
            default: kind = default; return false;
        }
    }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("identity", IdentityId);
            writer.WriteString("kind", KindText(Kind));
            writer.WriteNumber("time_ms", TimeMs);
            if (Tenant is not null)
            {
                writer.WriteString("tenant", Tenant);
            }

            if (EventId is not null)
            {
                writer.WriteString("event_id", EventId);
            }

            if (Pattern is not null)
            {
                writer.WriteNumber("pattern_time_ms", PatternTimeMs);
                writer.WriteStartArray("pattern");
                foreach (ulong value in Pattern)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static FeedbackCommand FromJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (!TryParseKind(root.GetProperty("kind").GetString(), out var kind))
        {
            throw new InvalidDataException("Journaled feedback has an unknown kind.");
        }

        return new FeedbackCommand(
            root.GetProperty("identity").GetString()!,
            kind,
            root.GetProperty("time_ms").GetInt64(),
            root.TryGetProperty("tenant", out var t) ? t.GetString() : null,
            root.TryGetProperty("event_id", out var e) ? e.GetString() : null)
        {
            // Feedback journaled before alerts existed has no pattern.
            Pattern = root.TryGetProperty("pattern", out var p) ? [.. p.EnumerateArray().Select(v => v.GetUInt64())] : null,
            PatternTimeMs = root.TryGetProperty("pattern_time_ms", out var pt) ? pt.GetInt64() : 0,
        };
    }
}
