namespace Vigil.Server.AnalystConsole;

/// <summary>A sign-in on its way through the provider, found again by its <c>state</c>.</summary>
/// <param name="CodeVerifier">The PKCE verifier (RFC 7636): only its S256 challenge left the service.</param>
/// <param name="Nonce">The nonce the ID token must carry (OpenID Connect Core 1.0, 3.1.2.1).</param>
/// <param name="ReturnPath">The console page to go back to, a local path.</param>
/// <param name="ExpiresAtMs">When it is forgotten, Unix ms.</param>
internal sealed record PendingSignIn(string CodeVerifier, string Nonce, string ReturnPath, long ExpiresAtMs);
