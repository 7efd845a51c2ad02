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

    public static string Sign(SigningKey key, string issuer, string audience, string subject, string tenant, long iatSeconds, int ttlSeconds, RiskAssessment assessment, Decision decision, long policyVersion) =>
        CompactJws.Sign(key, Type, w =>
        {
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
        });
}
