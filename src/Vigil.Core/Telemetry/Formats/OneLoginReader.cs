using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// OneLogin events (developers.onelogin.com, "Events API" and its event types). The numeric <c>event_type_id</c> says
/// what happened; the ids the engine models are listed in docs/connectors.md, the rest are read as other.
/// </summary>
internal static class OneLoginReader
{
    public const string Dataset = "onelogin.events";

    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(e, e.Get("created_at"), 1, "created_at", out long time, out error))
        {
            return false;
        }

        long? type = e.Get("event_type_id").Long();
        var (kind, outcome) = Kind(type);
        string? subject = e.Text("user_name") ?? e.Text("user_id") ?? e.Text("actor_user_name") ?? e.Text("actor_user_id");
        if (!ReadContext.Subject(subject, "user_name, user_id, actor_user_name, actor_user_id", out error))
        {
            return false;
        }

        // A grant is about the grantee (user_*); the administrator (actor_*) is elsewhere, so is the address they used.
        bool byOther = kind == EventKind.PrivilegeChange && e.Text("actor_user_id") is string actor && actor != e.Text("user_id");
        result = new TelemetryEvent
        {
            Dataset = Dataset,
            Id = e.Text("id") ?? e.Text("uuid"),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcome,
            Action = type is long t ? "event_type_" + t.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            SubjectId = subject!,
            SubjectName = e.Text("user_name"),
            SubjectEmail = subject!.Contains('@', StringComparison.Ordinal) ? subject : null,
            Tenant = e.Text("account_id"),
            SourceIp = byOther ? null : JsonFields.Ip(e.Text("ipaddr")),
            UserAgent = e.Text("user_agent"),
            MfaMethod = e.Text("otp_device_name") is string device && kind is EventKind.SignIn or EventKind.Mfa ? device.ToLowerInvariant() : null,
            FailureReason = outcome == EventOutcome.Failure ? JsonFields.Lower(e.Text("error_description") ?? e.Text("notes")) : null,
            ResourceId = e.Text("app_name"),
            ResourceType = e.Text("app_name") is null ? null : "app",
            Privilege = kind == EventKind.PrivilegeChange ? e.Text("role_name") ?? e.Text("privilege_name") ?? e.Text("group_name") : null,
        };
        return true;
    }

    internal static (EventKind Kind, EventOutcome Outcome) Kind(long? type) => type switch
    {
        5 => (EventKind.SignIn, EventOutcome.Success),          // user logged into OneLogin
        6 => (EventKind.SignIn, EventOutcome.Failure),          // user failed authentication
        8 => (EventKind.ResourceAccess, EventOutcome.Success),  // user accessed an app
        90 => (EventKind.ResourceAccess, EventOutcome.Failure), // user denied access to an app
        12 => (EventKind.SignOut, EventOutcome.Success),        // user logged out
        3 => (EventKind.TokenUse, EventOutcome.Success),        // an administrator assumed the user
        240 => (EventKind.ResourceAccess, EventOutcome.Success), // user viewed an app password
        72 or 75 => (EventKind.PrivilegeChange, EventOutcome.Success), // privilege granted to the user
        531 or 551 or 553 => (EventKind.Other, EventOutcome.Failure),  // account locked
        _ => (EventKind.Other, EventOutcome.Unknown),
    };
}
