using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// OCSF (schema.ocsf.io, 1.x) Authentication (class 3002) and Account Change (class 3001). <c>time</c> is Unix
/// milliseconds; <c>status_id</c> 1 is success and 2 failure. Other classes are read as other when they name a user.
/// </summary>
internal static class OcsfReader
{
    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(e, e.Get("time") ?? e.Get("time_dt"), 1, "time", out long time, out error))
        {
            return false;
        }

        long? classUid = e.Get("class_uid").Long();
        long? activity = e.Get("activity_id").Long();
        var user = e.Get("user");
        var actorUser = e.Get("actor").Get("user");
        var kind = (classUid, activity) switch
        {
            (3002, 1) => EventKind.SignIn,
            (3002, 2) => EventKind.SignOut,
            (3002, 3 or 4) => EventKind.TokenUse,
            (3001, 7) => EventKind.PrivilegeChange,
            _ => EventKind.Other,
        };

        // Authentication: user is who signed in. Account change: user is the account changed; the actor made the change.
        var subjectUser = classUid == 3001 && kind != EventKind.PrivilegeChange && actorUser is not null ? actorUser : user ?? actorUser;
        string? subject = subjectUser.Get("email_addr").Text() ?? subjectUser.Get("name").Text() ?? subjectUser.Get("uid").Text();
        if (!ReadContext.Subject(subject, "user.email_addr, user.name, user.uid (or actor.user.*)", out error))
        {
            return false;
        }

        var source = e.Get("src_endpoint");
        var location = source.Get("location");
        var outcome = e.Get("status_id").Long() switch { 1 => EventOutcome.Success, 2 => EventOutcome.Failure, _ => EventOutcome.Unknown };
        bool? mfa = e.Get("is_mfa").Bool();
        string? userType = subjectUser.Get("type").Text();
        result = new TelemetryEvent
        {
            Dataset = classUid switch { 3002 => "ocsf.authentication", 3001 => "ocsf.account_change", _ => "ocsf" },
            Id = e.Get("metadata").Get("uid").Text(),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcome,
            Action = e.Text("activity_name") ?? e.Text("type_name"),
            SubjectId = subject!,
            SubjectName = subjectUser.Get("full_name").Text() ?? subjectUser.Get("name").Text(),
            SubjectEmail = subjectUser.Get("email_addr").Text(),
            IdentityKind = userType is "System" or "Service" || subjectUser.Get("type_id").Long() == 3 ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = e.Get("cloud").Get("account").Get("uid").Text() ?? subjectUser.Get("org").Get("uid").Text(),
            SourceIp = kind == EventKind.PrivilegeChange ? null : JsonFields.Ip(source.Get("ip").Text()),
            Country = location.Get("country").Text() is { Length: 2 } iso ? iso.ToUpperInvariant() : null,
            City = location.Get("city").Text(),
            Location = JsonFields.Point(location.Get("lat").Double(), location.Get("long").Double() ?? location.Get("lon").Double()),
            UserAgent = e.Get("http_request").Get("user_agent").Text(),
            DeviceId = e.Get("device").Get("uid").Text(),
            SessionId = e.Get("session").Get("uid").Text(),
            AuthMethod = JsonFields.Lower(e.Text("auth_protocol") ?? e.Text("logon_type")),
            Acr = mfa switch { true => "mfa", false => "pwd", null => null },
            MfaResult = mfa == true && kind == EventKind.SignIn && outcome == EventOutcome.Success ? MfaResult.Approved : MfaResult.None,
            FailureReason = outcome == EventOutcome.Failure ? JsonFields.Lower(e.Text("status_detail") ?? e.Text("status_code")) : null,
            ResourceId = e.Get("service").Get("name").Text() ?? e.Get("dst_endpoint").Get("svc_name").Text() ?? e.Get("dst_endpoint").Get("hostname").Text(),
            Privilege = kind == EventKind.PrivilegeChange ? e.Get("policy").Get("name").Text() : null,
        };
        return true;
    }
}
