using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// An RS256 JWS in compact serialization (RFC 7515 section 7.1) with an explicit <c>typ</c>: the one signer behind
/// Shared Signals SETs and risk claims. Plain RSA and base64url rather than a JWT library: the whole format fits on one
/// screen for review.
/// </summary>
internal static class CompactJws
{
    // The JSON is base64url-encoded, never embedded in HTML, so '+' (in "secevent+jwt") and non-ASCII text stay as
    // they are instead of the default encoder's \u002B escapes, which receivers would have to decode to compare.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>header.payload.signature, the header <c>{"alg":"RS256","typ":typ,"kid":...}</c>, the payload one JSON object written by <paramref name="claims"/>.</summary>
    public static string Sign(SigningKey key, string typ, Action<Utf8JsonWriter> claims)
    {
        var header = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(header, Json))
        {
            w.WriteStartObject();
            w.WriteString("alg", "RS256");
            w.WriteString("typ", typ);
            w.WriteString("kid", key.Kid);
            w.WriteEndObject();
        }

        var payload = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(payload, Json))
        {
            w.WriteStartObject();
            claims(w);
            w.WriteEndObject();
        }

        string signingInput = SsfKeyRing.Base64Url(header.WrittenSpan) + "." + SsfKeyRing.Base64Url(payload.WrittenSpan);
        return signingInput + "." + SsfKeyRing.Base64Url(key.SignRs256(Encoding.ASCII.GetBytes(signingInput)));
    }
}
