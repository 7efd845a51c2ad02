using System.Text.Json;
using Vigil.Core.Feedback;

namespace Vigil.Server.Hosting;

/// <summary>Feedback as journaled and replayed: everything <c>VigilEngine.ApplyFeedback</c> needs, with the time it was given.</summary>
internal sealed record FeedbackCommand(string IdentityId, FeedbackKind Kind, long TimeMs, string? Tenant, string? EventId)
{
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
            root.TryGetProperty("event_id", out var e) ? e.GetString() : null);
    }
}
