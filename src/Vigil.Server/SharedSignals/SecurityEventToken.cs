using System.Security.Cryptography;
using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Writes and signs a Security Event Token (RFC 8417) as SSF 1.0 section 4 profiles it: JOSE header
/// <c>{"alg":"RS256","typ":"secevent+jwt","kid":...}</c> (section 4.1.6 explicit typing), claims <c>iss</c>,
/// <c>jti</c>, <c>iat</c>, <c>aud</c>, <c>txn</c>, <c>sub_id</c> and exactly one event in <c>events</c>; never
/// <c>sub</c> nor <c>exp</c> (section 4.1.8, 4.1.9). Signed by <see cref="CompactJws"/>.
/// </summary>
internal static class SecurityEventToken
{
    /// <summary>The compact serialization (header.payload.signature).</summary>
    public static string Sign(SigningKey key, string issuer, string audience, string jti, long iatSeconds, string? txn, SubjectId subject, string eventType, Action<Utf8JsonWriter>? eventBody) =>
        CompactJws.Sign(key, "secevent+jwt", w =>
        {
            w.WriteString("iss", issuer);
            w.WriteString("jti", jti);
            w.WriteNumber("iat", iatSeconds);
            w.WriteString("aud", audience);
            if (txn is not null)
            {
                w.WriteString("txn", txn);
            }

            w.WritePropertyName("sub_id");
            w.WriteRawValue(subject.Json, skipInputValidation: false);
            w.WriteStartObject("events");
            w.WritePropertyName(eventType);
            w.WriteStartObject();
            eventBody?.Invoke(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    /// <summary>A new random id (128 bits, hex): unique per SET (RFC 8417 section 2.2) and unguessable.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
