using System.Security.Claims;

namespace Vigil.Server.Security;

/// <summary>
/// The scopes routes require (docs/server.md): evaluate (AuthZEN), ingest (telemetry), feedback (own identity),
/// admin (everything, including any identity's feedback, policies and keys). Read from the <c>scope</c> claim
/// (space-separated, RFC 8693 section 4.2 and RFC 9068) or <c>scp</c>.
/// </summary>
internal static class Scopes
{
    public const string Evaluate = "evaluate";
    public const string Ingest = "ingest";
    public const string Feedback = "feedback";
    public const string Admin = "admin";

    /// <summary>Shared Signals receivers: manage their own streams and poll them (docs/ssf.md).</summary>
    public const string SsfManage = "ssf:manage";

    /// <summary>Viewers: read risk, decisions, policies, operations, alerts and incidents (docs/console.md, docs/alerts.md).</summary>
    public const string Read = "read";

    /// <summary>Analysts: act on identities and alerts (confirm safe, confirm compromised, dismiss; docs/alerts.md).</summary>
    public const string Analyst = "analyst";

    public static readonly string[] All = [Evaluate, Ingest, Feedback, Admin, SsfManage, Read, Analyst];

    public static bool Has(ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.Claims)
        {
            if (claim.Type is ("scope" or "scp") && (Contains(claim.Value, scope) || Contains(claim.Value, Admin)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the space-separated <paramref name="list"/> has <paramref name="scope"/> as a whole word (no allocation: this runs on every request).</summary>
    private static bool Contains(string list, string scope)
    {
        var rest = list.AsSpan();
        while (!rest.IsEmpty)
        {
            int space = rest.IndexOf(' ');
            var word = space < 0 ? rest : rest[..space];
            if (word.SequenceEqual(scope))
            {
                return true;
            }

            rest = space < 0 ? default : rest[(space + 1)..];
        }

        return false;
    }

    public static bool IsAdmin(ClaimsPrincipal user) => Has(user, Admin);

    /// <summary>The caller's name for audit and authorship: token subject or client, or the key's name. Never a secret.</summary>
    public static string CallerName(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.FindFirst("client_id")?.Value ?? user.FindFirst("azp")?.Value ?? user.Identity?.Name ?? "anonymous";

    /// <summary>The identity an end user may give feedback on and view: the token's subject (or the key's name).</summary>
    public static string? OwnIdentity(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? user.Identity?.Name;

    /// <summary>The claim naming the caller's tenant: set on an API key at creation, or carried by the token.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>
    /// The tenant of the caller's own identity: the key's or token's <c>tenant</c> claim, else the default tenant. A
    /// name alone says nothing about the tenant, so self-service is bound to this one (issue 11, defect 8).
    /// </summary>
    public static string OwnTenant(ClaimsPrincipal user, string defaultTenant) =>
        user.FindFirst(TenantClaim)?.Value is { Length: > 0 } tenant ? tenant : defaultTenant;
}
