using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Duo Admin API logs (duo.com/docs/adminapi): authentication logs (v2 with <c>access_device</c>/<c>auth_device</c>,
/// and v1 with flat fields) and administrator logs (<c>action</c> by <c>username</c>). An authentication log is a
/// second-factor prompt and its answer, so its kind is MFA; the answer is its MFA result.
/// </summary>
internal static class DuoReader
{
    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        // isotimestamp first: it carries the offset (or is UTC); timestamp is Unix seconds, or text in some exports.
        var (field, value) = e.Get("isotimestamp") is not null ? ("isotimestamp", e.Get("isotimestamp")) : ("timestamp", e.Get("timestamp"));
        if (!context.TryTime(e, value, 1000, field, out long time, out error))
        {
            return false;
        }

        bool admin = e.Get("action") is not null && e.Get("factor") is null && e.Get("access_device") is null;
        return admin ? TryReadAdmin(e, time, out result, out error) : TryReadAuthentication(e, time, out result, out error);
    }

    private static bool TryReadAuthentication(JsonElement e, long time, out TelemetryEvent result, out string? error)
    {
        result = default;
        string? subject = e.Get("user").Get("name").Text() ?? e.Text("username") ?? e.Text("email");
        if (!ReadContext.Subject(subject, "user.name, username, email", out error))
        {
            return false;
        }

        var access = e.Get("access_device");
        var location = access.Get("location") ?? e.Get("location");
        string? outcomeText = e.Text("result");
        string? reason = e.Text("reason");
        string? eventType = e.Text("event_type");
        var mfa = outcomeText switch
        {
            "success" => MfaResult.Approved,
            "denied" or "fraud" or "failure" when reason is "no_response" or "no_keys_pressed" or "timeout" => MfaResult.TimedOut,
            "denied" or "fraud" or "failure" => MfaResult.Denied,
            _ => MfaResult.None,
        };
        string? browser = access.Get("browser").Text();
        result = new TelemetryEvent
        {
            Dataset = "duo.auth",
            Id = e.Text("txid"),
            TimestampMs = time,
            Kind = eventType is null or "authentication" ? EventKind.Mfa : EventKind.Other,
            Outcome = outcomeText switch { "success" => EventOutcome.Success, "denied" or "fraud" or "failure" or "error" => EventOutcome.Failure, _ => EventOutcome.Unknown },
            Action = eventType ?? "authentication",
            SubjectId = subject!,
            SubjectEmail = e.Text("email") ?? (subject!.Contains('@', StringComparison.Ordinal) ? subject : null),
            Group = FirstGroup(e.Get("user").Get("groups")),
            SourceIp = JsonFields.Ip(access.Get("ip").Text() ?? e.Text("ip")),
            Country = location.Get("country").Text() is { Length: 2 } iso ? iso.ToUpperInvariant() : null,
            City = location.Get("city").Text(),
            Browser = browser,
            OperatingSystem = access.Get("os").Text(),
            DeviceId = access.Get("epkey").Text() ?? access.Get("hostname").Text(),
            DeviceManaged = access.Get("is_trusted_endpoint").Bool(),
            AuthMethod = "mfa",
            MfaMethod = JsonFields.Lower(e.Text("factor")),
            MfaResult = mfa,
            FailureReason = mfa is MfaResult.Denied or MfaResult.TimedOut ? (outcomeText == "fraud" ? "fraud" : JsonFields.Lower(reason)) : null,
            ResourceId = e.Get("application").Get("name").Text() ?? e.Text("integration"),
            ResourceType = "app",
        };
        return true;
    }

    private static bool TryReadAdmin(JsonElement e, long time, out TelemetryEvent result, out string? error)
    {
        result = default;
        string? subject = e.Text("username");
        if (!ReadContext.Subject(subject, "username", out error))
        {
            return false;
        }

        string? action = e.Text("action");
        result = new TelemetryEvent
        {
            Dataset = "duo.admin",
            TimestampMs = time,
            Kind = action switch
            {
                "admin_login" or "admin_login_error" => EventKind.SignIn,
                "admin_2fa_error" => EventKind.Mfa,
                "admin_role_change" or "admin_create" => EventKind.PrivilegeChange,
                _ => EventKind.Other,
            },
            Outcome = action?.EndsWith("_error", StringComparison.Ordinal) == true ? EventOutcome.Failure : EventOutcome.Success,
            Action = action,
            SubjectId = subject!,
            MfaResult = action == "admin_2fa_error" ? MfaResult.Denied : MfaResult.None,
            ResourceId = e.Text("object"),
            ResourceAction = "admin",
        };
        return true;
    }

    private static string? FirstGroup(JsonElement? groups)
    {
        foreach (var group in groups.Items(1))
        {
            return ((JsonElement?)group).Text();
        }

        return null;
    }
}
