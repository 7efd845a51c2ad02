using System.Security.Claims;

namespace Vigil.Server.AnalystConsole;

/// <summary>A signed-in console user: who, with which scopes, the anti-forgery token its forms carry, and until when.</summary>
/// <param name="Id">The session id (the cookie's value): 256 random bits.</param>
/// <param name="User">The caller as the rest of the service sees it: <c>sub</c>, <c>scope</c> from the role.</param>
/// <param name="DisplayName">The name shown in the header (preferred_username, name or sub).</param>
/// <param name="Role">The console role.</param>
/// <param name="Csrf">The synchronizer token every POST of this session must carry (OWASP CSRF cheat sheet).</param>
/// <param name="ExpiresAtMs">When it ends, Unix ms.</param>
internal sealed record ConsoleSession(string Id, ClaimsPrincipal User, string DisplayName, ConsoleRole Role, string Csrf, long ExpiresAtMs);
