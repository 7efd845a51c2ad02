using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// A subject identifier (RFC 9493, and SSF 1.0 section 3 for complex subjects) in canonical form: <see cref="Json"/>
/// is written as the SET's <c>sub_id</c>, <see cref="Key"/> is what add/remove subject match against.
/// </summary>
internal sealed record SubjectId(string Json, string Key, string? UserKey)
{
    /// <summary>Members of a complex subject (SSF 1.0 section 3.2).</summary>
    private static readonly string[] ComplexMembers = ["user", "device", "session", "application", "tenant", "org_unit", "group"];

    private const int MaxValueLength = 512;

    /// <summary>A Vigil identity as a subject: email format when it looks like an address, else opaque; inside a complex subject with its tenant when it has one.</summary>
    public static SubjectId ForIdentity(string identity, string? tenant, string? session = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (tenant is null && session is null)
            {
                WriteSimple(w, identity);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("format", "complex");
                w.WritePropertyName("user");
                WriteSimple(w, identity);
                if (session is not null)
                {
                    WriteOpaqueMember(w, "session", session);
                }

                if (tenant is not null)
                {
                    WriteOpaqueMember(w, "tenant", tenant);
                }

                w.WriteEndObject();
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return Parse(document.RootElement, "sub_id", out _)!;
    }

    /// <summary>A device and its user as a complex subject (SSF 1.0 section 3.2), with the tenant when it has one.</summary>
    public static SubjectId ForDevice(string identity, string? tenant, string deviceId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", "complex");
            w.WritePropertyName("user");
            WriteSimple(w, identity);
            WriteOpaqueMember(w, "device", deviceId);
            if (tenant is not null)
            {
                WriteOpaqueMember(w, "tenant", tenant);
            }

            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return Parse(document.RootElement, "sub_id", out _)!;
    }

    /// <summary>A stream itself as the subject of verification and stream-updated events (SSF 1.0 section 8.1.4.1: opaque, the stream id).</summary>
    public static SubjectId ForStream(string streamId) => ForIdentityOpaque(streamId);

    private static SubjectId ForIdentityOpaque(string id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", "opaque");
            w.WriteString("id", id);
            w.WriteEndObject();
        }

        string json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return new SubjectId(json, "opaque|" + id, null);
    }

    private static void WriteSimple(Utf8JsonWriter w, string identity)
    {
        w.WriteStartObject();
        if (LooksLikeEmail(identity))
        {
            w.WriteString("format", "email");
            w.WriteString("email", identity);
        }
        else
        {
            w.WriteString("format", "opaque");
            w.WriteString("id", identity);
        }

        w.WriteEndObject();
    }

    private static bool LooksLikeEmail(string s)
    {
        int at = s.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 1 && !s.Contains(' ', StringComparison.Ordinal);
    }

    /// <summary>
    /// Validates a subject from a request. Null with <paramref name="error"/> naming the field (under
    /// <paramref name="path"/>) when it is not an object of a known format with its members as strings.
    /// </summary>
    public static SubjectId? Parse(JsonElement element, string path, out string? error)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be an object with a 'format' member (RFC 9493)";
            return null;
        }

        string? format = element.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (format == "complex")
        {
            var parts = new List<string>();
            string? userKey = null;
            foreach (var member in element.EnumerateObject())
            {
                if (member.Name == "format")
                {
                    continue;
                }

                if (!ComplexMembers.Contains(member.Name))
                {
                    error = $"{path}.{member.Name} is not a member of a complex subject (SSF 1.0 section 3.2: {string.Join(", ", ComplexMembers)})";
                    return null;
                }

                if (member.Value.ValueKind == JsonValueKind.Object && member.Value.TryGetProperty("format", out var inner) && inner.ValueKind == JsonValueKind.String && inner.GetString() == "complex")
                {
                    error = $"{path}.{member.Name} must be a simple subject identifier, not a complex one";
                    return null;
                }

                var part = Parse(member.Value, path + "." + member.Name, out error);
                if (part is null)
                {
                    return null;
                }

                parts.Add(member.Name + "=" + part.Key);
                if (member.Name == "user")
                {
                    userKey = part.Key;
                }
            }

            if (parts.Count == 0)
            {
                error = $"{path}: a complex subject needs at least one member (user, session, device ...)";
                return null;
            }

            parts.Sort(StringComparer.Ordinal);
            error = null;
            return new SubjectId(element.GetRawText(), "complex|" + string.Join("&", parts), userKey);
        }

        string[]? members = format switch
        {
            "email" => ["email"],
            "opaque" => ["id"],
            "iss_sub" => ["iss", "sub"],
            "phone_number" => ["phone_number"],
            "account" => ["uri"],
            "uri" => ["uri"],
            "did" => ["url"],
            "jwt_id" => ["iss", "jti"],
            "saml_assertion_id" => ["issuer", "assertion_id"],
            _ => null,
        };
        if (members is null)
        {
            error = $"{path}.format must be one of email, opaque, iss_sub, phone_number, account, uri, did, jwt_id, saml_assertion_id, complex";
            return null;
        }

        var key = new StringBuilder(format);
        foreach (string name in members)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
            {
                error = $"{path}.{name} must be a non-empty string (format {format})";
                return null;
            }

            string text = value.GetString()!;
            if (text.Length > MaxValueLength)
            {
                error = $"{path}.{name} is longer than {MaxValueLength} characters";
                return null;
            }

            // Email addresses compare case-insensitively in practice (RFC 9493 section 3.2.2 leaves it to the domain); the rest exactly.
            key.Append('|').Append(format == "email" ? text.ToLowerInvariant() : text);
        }

        error = null;
        return new SubjectId(element.GetRawText(), key.ToString(), format is "email" or "opaque" or "iss_sub" ? key.ToString() : null);
    }

    /// <summary>A member of a complex subject in the opaque format: <c>"name": {"format": "opaque", "id": ...}</c>.</summary>
    private static void WriteOpaqueMember(Utf8JsonWriter w, string name, string id)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        w.WriteString("format", "opaque");
        w.WriteString("id", id);
        w.WriteEndObject();
    }
}
