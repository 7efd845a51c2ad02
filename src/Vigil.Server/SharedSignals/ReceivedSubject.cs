using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Who a received SET is about, as Vigil's identities: the user (an email address, an iss_sub's sub, an opaque id, a
/// phone number, an account URI without <c>acct:</c>), and from a complex subject its session, device and tenant. Read
/// from <c>sub_id</c> (SSF 1.0) or, in older CAEP examples, the event's own <c>subject</c>.
/// </summary>
internal readonly record struct ReceivedSubject(string? Identity, string? Session, string? Device, string? Tenant)
{
    private const int MaxIdLength = 512;

    public static ReceivedSubject Of(JsonElement claims, JsonElement eventBody)
    {
        if (claims.TryGetProperty("sub_id", out var sub) && sub.ValueKind == JsonValueKind.Object)
        {
            return Parse(sub);
        }

        return eventBody.TryGetProperty("subject", out var legacy) && legacy.ValueKind == JsonValueKind.Object ? Parse(legacy) : default;
    }

    private static ReceivedSubject Parse(JsonElement subject)
    {
        if (Text(subject, "format") != "complex")
        {
            return new ReceivedSubject(Simple(subject), null, null, null);
        }

        string? user = subject.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? Simple(u) : null;
        string? session = subject.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.Object ? Simple(s) : null;
        string? device = subject.TryGetProperty("device", out var d) && d.ValueKind == JsonValueKind.Object ? Simple(d) : null;
        string? tenant = subject.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object ? Simple(t) : null;
        return new ReceivedSubject(user, session, device, tenant);
    }

    /// <summary>The identifier of a simple subject (RFC 9493 formats), or null for a format Vigil cannot tie to an identity.</summary>
    private static string? Simple(JsonElement subject)
    {
        string? id = Text(subject, "format") switch
        {
            "email" => Text(subject, "email"),
            "iss_sub" => Text(subject, "sub"),
            "opaque" => Text(subject, "id"),
            "phone_number" => Text(subject, "phone_number"),
            "account" => Text(subject, "uri") is { } uri && uri.StartsWith("acct:", StringComparison.OrdinalIgnoreCase) ? uri[5..] : null,
            "did" or "uri" => Text(subject, "uri") ?? Text(subject, "url"),
            _ => null,
        };
        return id is { Length: > 0 and <= MaxIdLength } ? id : null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
