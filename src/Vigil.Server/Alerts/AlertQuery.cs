using System.Globalization;
using Microsoft.Extensions.Primitives;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>
/// Reads the query of <c>GET /v1/alerts</c> and <c>GET /v1/incidents</c> into an <see cref="AlertFilter"/>. Everything
/// is bounded and every problem names its parameter; an unknown parameter is refused (a misspelt filter would
/// otherwise silently list everything).
/// </summary>
internal static class AlertQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const int MaxName = 256;
    private const int MaxTime = 64;

    public static readonly string[] AlertLevels = ["low", "medium", "high", "critical"];
    public static readonly string[] AlertStatuses = ["open", "confirmed_safe", "confirmed_compromised", "dismissed"];
    public static readonly string[] IncidentStatuses = ["open", "resolved"];

    /// <summary>
    /// The filter, or the problem naming its parameter. <paramref name="boundTenant"/> is the caller's tenant claim:
    /// such a caller sees only that tenant (403 in <paramref name="forbidden"/> when it asks for another).
    /// </summary>
    public static AlertFilter? TryRead(IQueryCollection query, bool incidents, string? boundTenant, out string? error, out bool forbidden)
    {
        error = null;
        forbidden = false;
        string[] known = incidents ? ["tenant", "identity", "status", "since", "until", "limit", "cursor"] : ["tenant", "identity", "incident", "level", "status", "since", "until", "limit", "cursor"];
        foreach (var (name, values) in query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                error = $"{Shorten(name)}: unknown parameter; known: {string.Join(", ", known)}.";
                return null;
            }

            if (values.Count != 1)
            {
                error = $"{name}: give it once (a list is comma-separated).";
                return null;
            }
        }

        string? tenant = Text(query, "tenant", ref error);
        string? identity = Text(query, "identity", ref error);
        if (error is not null)
        {
            return null;
        }

        if (boundTenant is not null)
        {
            if (tenant is not null && !string.Equals(tenant, boundTenant, StringComparison.Ordinal))
            {
                forbidden = true;
                error = "tenant: your key or token is bound to another tenant; leave tenant out.";
                return null;
            }

            tenant = boundTenant;
        }

        var levels = incidents ? [] : List(query, "level", AlertLevels, ref error);
        var statuses = List(query, "status", incidents ? IncidentStatuses : AlertStatuses, ref error);
        long? since = Time(query, "since", ref error), until = Time(query, "until", ref error);
        int limit = DefaultLimit;
        if (query.TryGetValue("limit", out var l) && (!int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            error ??= FormattableString.Invariant($"limit: a whole number from 1 to {MaxLimit}.");
        }

        long? incident = null;
        if (query.TryGetValue("incident", out var inc))
        {
            if (AlertEndpoints.TryId(inc.ToString(), out long incidentId))
            {
                incident = incidentId;
            }
            else
            {
                error ??= "incident: an incident id is a whole number from 1 up.";
            }
        }

        long? before = null;
        if (query.TryGetValue("cursor", out var c))
        {
            if (AlertCursor.TryDecode(c.ToString(), incidents ? 'i' : 'a', out long last))
            {
                before = last;
            }
            else
            {
                error ??= "cursor: not a cursor this list issued; pass next_cursor from the previous page unchanged.";
            }
        }

        if (error is null && since is not null && until is not null && until <= since)
        {
            error = "until: must be after since.";
        }

        return error is not null ? null : new AlertFilter
        {
            Tenant = tenant,
            Identity = identity,
            Levels = levels,
            Statuses = statuses,
            SinceMs = since,
            UntilMs = until,
            BeforeId = before,
            IncidentId = incident,
            Limit = limit,
        };
    }

    private static string? Text(IQueryCollection query, string name, ref string? error)
    {
        if (!query.TryGetValue(name, out StringValues value))
        {
            return null;
        }

        string text = value.ToString();
        if (text.Length is 0 or > MaxName)
        {
            error ??= FormattableString.Invariant($"{name}: from 1 to {MaxName} characters.");
            return null;
        }

        return text;
    }

    private static string[] List(IQueryCollection query, string name, string[] allowed, ref string? error)
    {
        if (!query.TryGetValue(name, out var value))
        {
            return [];
        }

        string text = value.ToString();
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Length > 200 || items.Length > allowed.Length || items.Any(i => !allowed.Contains(i, StringComparer.Ordinal)))
        {
            error ??= $"{name}: a comma-separated list of {string.Join(", ", allowed)}.";
            return [];
        }

        return [.. items.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>An RFC 3339 time (2026-03-02T08:00:00Z) or Unix milliseconds.</summary>
    private static long? Time(IQueryCollection query, string name, ref string? error)
    {
        if (!query.TryGetValue(name, out var value))
        {
            return null;
        }

        string text = value.ToString();
        if (text.Length is > 0 and <= MaxTime)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ms) && ms <= 253_402_300_799_999)
            {
                return ms;
            }

            if (text.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time.ToUnixTimeMilliseconds();
            }
        }

        error ??= $"{name}: an RFC 3339 time such as 2026-03-02T08:00:00Z, or Unix milliseconds.";
        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
