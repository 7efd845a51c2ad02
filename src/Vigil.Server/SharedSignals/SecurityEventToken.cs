using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Writes and signs a Security Event Token (RFC 8417) as SSF 1.0 section 4 profiles it: JOSE header
/// <c>{"alg":"RS256","typ":"secevent+jwt","kid":...}</c> (section 4.1.6 explicit typing), claims <c>iss</c>,
/// <c>jti</c>, <c>iat</c>, <c>aud</c>, <c>txn</c>, <c>sub_id</c> and exactly one event in <c>events</c>; never
/// <c>sub</c> nor <c>exp</c> (section 4.1.8, 4.1.9). Plain RSA and base64url rather than a JWT library: a SET is
/// never parsed here, and the whole format fits on one screen for review.
/// </summary>
internal static class SecurityEventToken
{
    // The JSON is base64url-encoded, never embedded in HTML, so '+' (in "secevent+jwt") and non-ASCII text stay as
    // they are instead of the default encoder's \u002B escapes, which receivers would have to decode to compare.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The compact serialization (header.payload.signature).</summary>
    public static string Sign(SigningKey key, string issuer, string audience, string jti, long iatSeconds, string? txn, SubjectId subject, string eventType, Action<Utf8JsonWriter>? eventBody)
    {
        var header = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(header, Json))
        {
            w.WriteStartObject();
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "secevent+jwt");
            w.WriteString("kid", key.Kid);
            w.WriteEndObject();
        }

        var payload = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(payload, Json))
        {
            w.WriteStartObject();
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
            w.WriteEndObject();
        }

        string signingInput = SsfKeyRing.Base64Url(header.WrittenSpan) + "." + SsfKeyRing.Base64Url(payload.WrittenSpan);
        byte[] signature = key.SignRs256(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + SsfKeyRing.Base64Url(signature);
    }

    /// <summary>A new random id (128 bits, hex): unique per SET (RFC 8417 section 2.2) and unguessable.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
