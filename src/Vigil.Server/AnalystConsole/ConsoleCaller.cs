using System.Security.Claims;
using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>Who is using the console: a session from a sign-in, or an API key or bearer token (automation), which has no session and needs no anti-forgery token.</summary>
/// <param name="User">The caller's claims.</param>
/// <param name="Session">The console session; null for a key or token.</param>
internal sealed record ConsoleCaller(ClaimsPrincipal User, ConsoleSession? Session)
{
    public string Name => Session?.DisplayName ?? Scopes.CallerName(User);

    public string RoleName => Session is { } s ? ConsoleRoles.Name(s.Role) : Scopes.IsAdmin(User) ? "admin" : "key";

    public bool May(string scope) => Scopes.Has(User, scope);

    /// <summary>The actor recorded with an action: the provider's subject, marked as coming from the console.</summary>
    public string Actor => "console:" + Scopes.CallerName(User);
}
