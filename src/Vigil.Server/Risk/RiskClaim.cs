using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Server.Authzen;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Risk;

/// <summary>
/// A compact signed risk claim (issue 18, item 2): a short-lived JWT a gateway or identity provider attaches to a
/// request so a PDP that should not call out can read the identity's risk. RS256 with the service's signing keys
/// (published at <c>/ssf/jwks.json</c>, rotated with overlap); explicitly typed <c>risk+jwt</c> (RFC 8725 section 3.11)
/// so it can never be mistaken for an access token or a SET; <c>aud</c> names the one consumer it is for, and
/// <c>exp</c> keeps a replayed claim from outliving the risk it states.
/// </summary>
internal static class RiskClaim
{
    public const string Type = "risk+jwt";

    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(SigningKey key, string issuer, string audience, string subject, string tenant, long iatSeconds, int ttlSeconds, in RiskAssessment assessment, in Decision decision, long policyVersion)
    {
        var header = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(header, Json))
        {
            w.WriteStartObject();
            w.WriteString("alg", "RS256");
            w.WriteString("typ", Type);
            w.WriteString("kid", key.Kid);
            w.WriteEndObject();
        }

        var payload = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(payload, Json))
        {
            w.WriteStartObject();
            w.WriteString("iss", issuer);
            w.WriteString("sub", subject);
            w.WriteString("aud", audience);
            w.WriteNumber("iat", iatSeconds);
            w.WriteNumber("exp", iatSeconds + ttlSeconds);
            w.WriteString("jti", SecurityEventToken.NewId());
            w.WriteString("tenant", tenant);
            w.WriteStartObject("risk");
            w.WriteNumber("score", assessment.Score);
            w.WriteString("level", DecisionMapper.LevelText(assessment.Level));
            w.WriteNumber("identity_risk", Math.Round(assessment.IdentityRisk, 3));
            w.WriteStartArray("reasons");
            for (int i = 0; i < Math.Min(assessment.FactorCount, DecisionMapper.MaxReasons); i++)
            {
                w.WriteStringValue(assessment.Factor(i).CodeText);
            }

            w.WriteEndArray();
            RiskEndpoints.WriteAssurance(w, decision);
            w.WriteNumber("policy_version", policyVersion);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        string signingInput = SsfKeyRing.Base64Url(header.WrittenSpan) + "." + SsfKeyRing.Base64Url(payload.WrittenSpan);
        return signingInput + "." + SsfKeyRing.Base64Url(key.SignRs256(Encoding.ASCII.GetBytes(signingInput)));
    }
}
