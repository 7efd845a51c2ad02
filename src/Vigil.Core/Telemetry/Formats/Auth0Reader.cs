using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Auth0 tenant logs, from the Management API (<c>/api/v2/logs</c>) or a log stream (the same log under <c>data</c>).
/// The event type code (auth0.com/docs, "Log Event Type Codes") says what happened and whether it failed.
/// </summary>
internal static class Auth0Reader
{
    public const string Dataset = "auth0.logs";

    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        var log = e.Get("data") is JsonElement { ValueKind: JsonValueKind.Object } data ? data : e;
        if (!context.TryTime(e, log.Get("date"), 1, "date", out long time, out error))
        {
            return false;
        }

        string? type = log.Text("type");
        var (kind, outcome) = Kind(type);
        var details = log.Get("details");
        var request = details.Get("request");
        var apiUser = request.Get("auth").Get("user");
        string? subject = log.Text("user_name") ?? log.Text("user_id") ?? apiUser.Get("email").Text() ?? apiUser.Get("user_id").Text()
            ?? details.Get("body").Get("username").Text();
        bool workload = false;
        if (subject is null && log.Text("client_id") is string client && kind is EventKind.ApiCall or EventKind.TokenUse)
        {
            subject = client; // a machine-to-machine client calling the Management API
            workload = true;
        }

        if (!ReadContext.Subject(subject, "user_name, user_id, details.request.auth.user.email, client_id", out error))
        {
            return false;
        }

        var location = log.Get("location_info");
        string? method = request.Get("method").Text();
        result = new TelemetryEvent
        {
            Dataset = Dataset,
            Id = log.Text("log_id") ?? e.Text("log_id") ?? log.Text("_id"),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcome,
            Action = type,
            SubjectId = subject!,
            SubjectName = log.Text("user_name") ?? apiUser.Get("name").Text(),
            SubjectEmail = subject!.Contains('@', StringComparison.Ordinal) ? subject : apiUser.Get("email").Text(),
            IdentityKind = workload ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = log.Text("tenant_name") ?? log.Text("hostname"),
            SourceIp = JsonFields.Ip(log.Text("ip") ?? request.Get("ip").Text()),
            Country = location.Get("country_code").Text() is { Length: 2 } iso ? iso.ToUpperInvariant() : null,
            City = location.Get("city_name").Text(),
            Location = JsonFields.Point(location.Get("latitude").Double(), location.Get("longitude").Double()),
            UserAgent = log.Text("user_agent") ?? request.Get("userAgent").Text(),
            SessionId = details.Get("session_id").Text() ?? log.Text("session_connection"),
            AuthMethod = JsonFields.Lower(log.Text("strategy_type") ?? log.Text("strategy") ?? log.Text("connection")),
            MfaMethod = kind == EventKind.Mfa ? MfaMethod(type, details) : null,
            MfaResult = kind == EventKind.Mfa ? MfaOutcome(type) : MfaResult.None,
            FailureReason = outcome == EventOutcome.Failure ? Failure(type, log.Text("description")) : null,
            ResourceId = kind == EventKind.ApiCall ? request.Get("path").Text() ?? log.Text("client_name") : log.Text("client_name") ?? log.Text("client_id"),
            ResourceType = kind == EventKind.ApiCall ? "api" : "app",
            ResourceAction = JsonFields.Lower(method),
        };
        return true;
    }

    internal static (EventKind Kind, EventOutcome Outcome) Kind(string? type) => type switch
    {
        "s" or "scoa" => (EventKind.SignIn, EventOutcome.Success),
        "f" or "fp" or "fu" or "fc" or "fco" or "fcoa" or "fd" or "fdeaz" or "fdeac" or "fdecc" or "fcpro" or "fepotp" or "fens"
            or "limit_wc" or "limit_mu" or "limit_sul" or "pwd_leak" or "signup_pwd_leak" or "reset_pwd_leak" => (EventKind.SignIn, EventOutcome.Failure),
        "ssa" or "seacft" or "seccft" or "sepft" or "sertft" or "sede" or "seoobft" or "seotpft" or "sercft" or "sepkft" => (EventKind.TokenUse, EventOutcome.Success),
        "fsa" or "feacft" or "feccft" or "fepft" or "fertft" or "fede" or "feoobft" or "feotpft" or "fercft" or "fepkft" => (EventKind.TokenUse, EventOutcome.Failure),
        "slo" => (EventKind.SignOut, EventOutcome.Success),
        "flo" => (EventKind.SignOut, EventOutcome.Failure),
        "gd_send_pn" or "gd_send_sms" or "gd_send_voice" or "gd_send_email" or "gd_start_auth" or "mfar" => (EventKind.Mfa, EventOutcome.Unknown),
        "gd_auth_succeed" or "gd_recovery_succeed" => (EventKind.Mfa, EventOutcome.Success),
        "gd_auth_failed" or "gd_auth_rejected" or "gd_otp_rate_limit_exceed" or "gd_recovery_failed" or "gd_recovery_rate_limit_exceed"
            or "gd_webauthn_challenge_failed" or "gd_send_pn_failure" or "gd_send_sms_failure" or "gd_send_voice_failure" => (EventKind.Mfa, EventOutcome.Failure),
        "sapi" => (EventKind.ApiCall, EventOutcome.Success),
        "fapi" => (EventKind.ApiCall, EventOutcome.Failure),
        null => (EventKind.Other, EventOutcome.Unknown),
        // Account lifecycle and settings (scp, fcp, ss, fs, sv, du, gd_enrollment_complete ...): read, not scored.
        _ => (EventKind.Other, type.StartsWith('f') ? EventOutcome.Failure : type.StartsWith('s') ? EventOutcome.Success : EventOutcome.Unknown),
    };

    private static MfaResult MfaOutcome(string? type) => type switch
    {
        "gd_auth_succeed" or "gd_recovery_succeed" => MfaResult.Approved,
        "gd_send_pn" or "gd_send_sms" or "gd_send_voice" or "gd_send_email" or "gd_start_auth" or "mfar" => MfaResult.Sent,
        _ => MfaResult.Denied,
    };

    private static string? MfaMethod(string? type, JsonElement? details)
    {
        if (details.Get("authenticator").Get("type").Text() is string authenticator)
        {
            return authenticator.ToLowerInvariant();
        }

        return type switch
        {
            "gd_send_pn" or "gd_auth_rejected" or "gd_send_pn_failure" => "push",
            "gd_send_sms" or "gd_send_sms_failure" => "sms",
            "gd_send_voice" or "gd_send_voice_failure" => "voice",
            "gd_send_email" => "email",
            "gd_otp_rate_limit_exceed" => "otp",
            "gd_webauthn_challenge_failed" => "webauthn",
            _ => null,
        };
    }

    private static string? Failure(string? type, string? description) => type switch
    {
        "fp" => "bad_password",
        "fu" => "unknown_user",
        "limit_wc" or "limit_sul" => "blocked",
        "limit_mu" => "blocked_ip",
        "pwd_leak" or "signup_pwd_leak" or "reset_pwd_leak" => "breached_password",
        "gd_auth_rejected" => "mfa_rejected",
        "gd_otp_rate_limit_exceed" or "gd_recovery_rate_limit_exceed" => "too_many_attempts",
        _ when description?.Contains("Wrong email or password", StringComparison.OrdinalIgnoreCase) == true => "bad_password",
        _ => JsonFields.Lower(description),
    };
}
