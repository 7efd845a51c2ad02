using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Server.Gateway;

/// <summary>
/// The end user's own access token, forwarded by the gateway, validated against the identity provider's published keys
/// (issue 18, item 3): issuer, the application's audience (<c>--forward-auth-audience</c>), lifetime and signature. The
/// user is its <c>sub</c>; its <c>acr</c> and <c>sid</c> become the decision's authentication strength and session, so a
/// user who completed a step-up (RFC 9470) is seen to have done so. Keys are refetched when a token names an unknown
/// one, so the provider's rotation is followed without a restart.
/// </summary>
internal sealed class UserTokenValidator
{
    /// <summary>A longer token is refused unread.</summary>
    public const int MaxTokenChars = 16 * 1024;

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly TokenValidationParameters _parameters;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public UserTokenValidator(string authority, string audience, bool allowHttp, int clockSkewSeconds, int keyRefreshSeconds)
    {
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            authority.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = !allowHttp })
        {
            RefreshInterval = TimeSpan.FromSeconds(keyRefreshSeconds),
        };
        _parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(clockSkewSeconds),
            ConfigurationManager = _configuration,
        };
    }

    /// <summary>The validated user, or why the token is refused (never the library's details: they may echo the token).</summary>
    public async Task<(string? User, string? Acr, string? Session)> ValidateAsync(string token, CancellationToken cancel)
    {
        if (token.Length > MaxTokenChars)
        {
            return default;
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            _configuration.RequestRefresh(); // the provider rotated its keys
            result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        }

        if (!result.IsValid || result.Claims.TryGetValue("sub", out var sub) is false || sub is not string { Length: > 0 and <= 512 } user)
        {
            return default;
        }

        return (user, result.Claims.TryGetValue("acr", out var acr) ? acr as string : null, result.Claims.TryGetValue("sid", out var sid) ? sid as string : null);
    }
}
