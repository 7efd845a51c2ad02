using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// The console's OpenID Connect client: authorization code flow (OpenID Connect Core 1.0, 3.1) with PKCE S256
/// (RFC 7636) against <c>--jwt-authority</c>. The ID token is validated (signature from the provider's JWKS, issuer,
/// audience = the client id, lifetime, nonce); the role comes from <c>--console-role-claim</c>. Only the ID token is
/// used: the console acts with the session, never by forwarding the provider's access token.
/// </summary>
internal sealed class ConsoleOidc : IDisposable
{
    /// <summary>Largest token response read: a few tokens, far below this.</summary>
    private const int MaxTokenResponseBytes = 64 * 1024;

    private readonly ServerOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly HttpClient _http;
    private readonly string? _clientSecret;

    public ConsoleOidc(ServerOptions options)
    {
        _options = options;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.JwtAuthority!.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_http) { RequireHttps = !options.JwtAllowHttp });
        _clientSecret = options.ConsoleClientSecretFile is { } file ? File.ReadLines(file).FirstOrDefault()?.Trim() : null;
    }

    public string RedirectUri => _options.PublicBaseUrl!.TrimEnd('/') + "/console/callback";

    /// <summary>The provider's authorization URL for a new sign-in that comes back to <paramref name="returnPath"/>.</summary>
    public async Task<string> AuthorizeUrlAsync(ConsoleSessions sessions, string returnPath, CancellationToken cancellationToken)
    {
        var config = await _configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        string verifier = ConsoleSessions.NewSecret();
        string nonce = ConsoleSessions.NewSecret();
        string state = sessions.BeginSignIn(verifier, nonce, returnPath);
        string challenge = ConsoleSessions.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ConsoleClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "openid profile",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(config.AuthorizationEndpoint, query);
    }

    /// <summary>Exchanges <paramref name="code"/> for tokens and validates the ID token; the claims, or an error to show.</summary>
    public async Task<(ClaimsIdentity? Identity, string? Error)> CompleteAsync(string code, PendingSignIn pending, CancellationToken cancellationToken)
    {
        var config = await _configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = pending.CodeVerifier,
            ["client_id"] = _options.ConsoleClientId!,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, config.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (_clientSecret is not null)
        {
            // client_secret_basic: both parts form-encoded first (RFC 6749, 2.3.1).
            string basic = Uri.EscapeDataString(_options.ConsoleClientId!) + ":" + Uri.EscapeDataString(_clientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }

        string? idToken;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > MaxTokenResponseBytes)
            {
                return (null, "The provider's token response is too large.");
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"The provider refused the code exchange (HTTP {(int)response.StatusCode}).");
            }

            using var document = JsonDocument.Parse(body.AsMemory(0, Math.Min(body.Length, MaxTokenResponseBytes)));
            idToken = document.RootElement.TryGetProperty("id_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return (null, "The provider's token endpoint could not be reached or answered something that is not JSON.");
        }

        if (idToken is null)
        {
            return (null, "The provider's token response has no id_token.");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = _options.ConsoleClientId,
            IssuerSigningKeys = config.SigningKeys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(_options.JwtClockSkewSeconds),
            NameClaimType = "sub",
            RoleClaimType = _options.ConsoleRoleClaim,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                _configuration.RequestRefresh(); // the provider rotated its keys: the next sign-in fetches them
            }

            return (null, "The ID token is not valid.");
        }

        var identity = result.ClaimsIdentity;
        string? nonce = identity.FindFirst("nonce")?.Value;
        if (nonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(nonce), Encoding.ASCII.GetBytes(pending.Nonce)))
        {
            return (null, "The ID token's nonce does not match this sign-in.");
        }

        return identity.FindFirst("sub") is null ? (null, "The ID token has no subject.") : (identity, null);
    }

    public void Dispose() => _http.Dispose();
}
