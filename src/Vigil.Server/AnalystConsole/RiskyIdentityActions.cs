using Vigil.Core.Feedback;
using Vigil.Server.Hosting;
using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Bulk actions on the risky-identities list: confirm safe, dismiss or confirm compromised on several identities at
/// once. Every selection is checked before anything is done (one bad or out-of-tenant value refuses them all, as the
/// alert actions do); each identity then goes through <see cref="IdentityPages.ApplyFeedbackAsync"/>, the path of
/// <c>POST /v1/feedback</c> (journaled feedback with the actor, applied by the writer, signalled over Shared Signals),
/// and the page lists what each changed.
/// </summary>
internal static class RiskyIdentityActions
{
    /// <summary>At most one page of the list per action.</summary>
    public const int MaxIdentities = IdentityPages.PageSize;

    private const int MaxIdLength = 512;

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/identities/act", Act).WithMetadata(new ConsoleAccess(Scopes.Analyst));

    private static async Task<IResult> Act(HttpContext context, EngineHost engine, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        IResult Bad(string message) => ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Act on identities", message);
        string? action = form["action"];
        if (!FeedbackCommand.TryParseKind(action, out var kind) || kind == FeedbackKind.ReportedNotMe)
        {
            return Bad("action: confirm_safe, dismiss or confirm_compromised.");
        }

        var chosen = form["ids"];
        if (chosen.Count is 0 or > MaxIdentities)
        {
            return Bad($"ids: select 1 to {MaxIdentities} identities.");
        }

        var targets = new List<(string Tenant, string Id)>(chosen.Count);
        foreach (string? value in chosen.Distinct(StringComparer.Ordinal))
        {
            if (!TryParse(value, out string tenant, out string id))
            {
                return Bad("ids: '" + Short(value) + "' is not a tenant and identity from the list; nothing was done.");
            }

            if (!IdentityPages.MayActIn(context, options, tenant))
            {
                return ConsolePage.Message(context, caller, StatusCodes.Status403Forbidden, "Act on identities",
                    "ids: '" + Short(id) + "' is in a tenant your key or token is not bound to; nothing was done.");
            }

            targets.Add((tenant, id));
        }

        var notice = new Html();
        notice.Raw("<p>").Text(FeedbackCommand.KindText(kind)).Raw(" on ").Number(targets.Count, "0").Raw(targets.Count == 1 ? " identity" : " identities").Raw(":</p><ul>");
        foreach (var (tenant, id) in targets)
        {
            var (before, result) = await IdentityPages.ApplyFeedbackAsync(context, caller, engine, options, id, tenant, kind).ConfigureAwait(false);
            notice.Raw("<li>").Text(id).Raw(" (").Text(tenant).Raw("): ").Text(IdentityPages.Changed(kind, before, result)).Raw("</li>");
        }

        notice.Raw("</ul>");
        return await IdentityPages.RenderList(context, null, null, null, null, engine, options, notice).ConfigureAwait(false);
    }

    /// <summary>Reads a value written by <see cref="IdentityPages.BulkValue"/>: escaped tenant, one space, escaped id, each 1 to 512 characters.</summary>
    internal static bool TryParse(string? value, out string tenant, out string id)
    {
        tenant = id = "";
        if (value is null || value.Length > 6 * MaxIdLength)
        {
            return false;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == value.Length - 1 || value.IndexOf(' ', space + 1) >= 0)
        {
            return false;
        }

        try
        {
            tenant = Uri.UnescapeDataString(value[..space]);
            id = Uri.UnescapeDataString(value[(space + 1)..]);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return tenant.Length is > 0 and <= MaxIdLength && id.Length is > 0 and <= MaxIdLength;
    }

    private static string Short(string? text) => text is { Length: > 40 } ? text[..40] + "..." : text ?? "";
}
