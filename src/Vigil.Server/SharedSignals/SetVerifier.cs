using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Checks a SET received from another transmitter (the receiver side of issue 16, item 3; not yet wired to an
/// endpoint): signature against the transmitter's JWKS with an asymmetric algorithm (a shared-secret HS256 SET is
/// refused), <c>typ</c> <c>secevent+jwt</c>, <c>iss</c>, <c>aud</c>, the SSF profile (no <c>sub</c> nor <c>exp</c>,
/// one event, a <c>jti</c> and an <c>iat</c>), freshness of <c>iat</c>, and <c>jti</c> not seen before. Uses
/// Microsoft.IdentityModel, a JOSE implementation independent of Vigil's own signer (<see cref="SecurityEventToken"/>).
/// Key rotation is the caller's: pass the current key set, refetched when a SET names an unknown <c>kid</c>.
/// </summary>
internal sealed class SetVerifier(TimeProvider time)
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>Largest SET accepted, in characters (a SET is a few hundred bytes to a few KiB).</summary>
    public int MaxTokenLength { get; init; } = 64 * 1024;

    /// <summary>Oldest <c>iat</c> accepted: SETs may wait in a paused stream or a poll queue, but not for ever. Default 7 days.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead of this clock an <c>iat</c> may be. Default 5 minutes.</summary>
    public TimeSpan MaxSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Most jti remembered for de-duplication (each for <see cref="MaxAge"/>, after which its SET is refused as stale anyway). Default 1,000,000.</summary>
    public int MaxRemembered { get; init; } = 1_000_000;

    public async Task<SetVerification> VerifyAsync(string token, JsonWebKeySet keys, string issuer, string audience)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (token.Length > MaxTokenLength)
        {
            return SetVerification.Refused("invalid_request", $"the SET is longer than {MaxTokenLength} characters");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidTypes = ["secevent+jwt"],
            ValidAlgorithms = Algorithms,
            IssuerSigningKeys = keys.GetSigningKeys(),
            RequireSignedTokens = true,
            RequireExpirationTime = false, // SSF SETs have no exp (SSF 1.0 section 4.1.9): freshness is iat's, below
            ValidateLifetime = false,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidIssuerException => SetVerification.Refused("invalid_issuer", "iss is not the transmitter's issuer"),
                SecurityTokenInvalidAudienceException => SetVerification.Refused("invalid_audience", "aud does not name this receiver"),
                SecurityTokenInvalidTypeException => SetVerification.Refused("invalid_request", "typ must be secevent+jwt"),
                SecurityTokenInvalidAlgorithmException => SetVerification.Refused("invalid_key", "alg must be an asymmetric algorithm (RS256, PS256, ES256 ...)"),
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => SetVerification.Refused("invalid_key", "the signature does not verify with the transmitter's published keys"),
                _ => SetVerification.Refused("invalid_request", "the SET is not a valid signed JWT"),
            };
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        var claims = document.RootElement;
        if (claims.TryGetProperty("sub", out _) || claims.TryGetProperty("exp", out _))
        {
            return SetVerification.Refused("invalid_request", "sub and exp must not be present in a SET (SSF 1.0 sections 4.1.8, 4.1.9)");
        }

        if (!claims.TryGetProperty("jti", out var jti) || jti.ValueKind != JsonValueKind.String || jti.GetString()!.Length is 0 or > 256)
        {
            return SetVerification.Refused("invalid_request", "jti must be a string of 1 to 256 characters");
        }

        if (!claims.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object || events.EnumerateObject().Count() != 1
            || events.EnumerateObject().First().Value.ValueKind != JsonValueKind.Object)
        {
            return SetVerification.Refused("invalid_request", "events must hold exactly one event, an object (SSF 1.0 section 4.1.4)");
        }

        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out long issued))
        {
            return SetVerification.Refused("invalid_request", "iat must be a number of seconds");
        }

        var now = time.GetUtcNow();
        long nowSeconds = now.ToUnixTimeSeconds();
        if (issued > nowSeconds + (long)MaxSkew.TotalSeconds || issued < nowSeconds - (long)MaxAge.TotalSeconds)
        {
            return SetVerification.Refused("invalid_request", "iat is too far in the past or the future");
        }

        string id = jti.GetString()!;
        if (!Remember(issuer + "\n" + id, nowSeconds)) // per issuer: two transmitters may both use small or sequential jti
        {
            return SetVerification.Refused("duplicate", "this jti was already received");
        }

        return new SetVerification(null, null, id, events.EnumerateObject().First().Name, claims.Clone());
    }

    /// <summary>False when the jti was seen; entries older than <see cref="MaxAge"/> are swept when the map is full.</summary>
    private bool Remember(string jti, long nowSeconds)
    {
        if (_seen.Count >= MaxRemembered)
        {
            long oldest = nowSeconds - (long)MaxAge.TotalSeconds;
            foreach (var entry in _seen)
            {
                if (entry.Value < oldest)
                {
                    _seen.TryRemove(entry.Key, out _);
                }
            }

            if (_seen.Count >= MaxRemembered)
            {
                return false; // refusing is safe: the transmitter retries, and a replay is never accepted
            }
        }

        return _seen.TryAdd(jti, nowSeconds);
    }
}
