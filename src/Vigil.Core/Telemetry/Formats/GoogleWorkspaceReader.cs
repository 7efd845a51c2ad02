using System.Globalization;
using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Google Workspace Reports API activities (developers.google.com, "Activities: list"; login and admin audit events).
/// One activity may hold several events; each becomes one event with the id <c>uniqueQualifier</c>/index. Also reads
/// the flattened copy some SIEMs keep (one event's <c>name</c>, <c>type</c> and <c>parameters</c> object at the top).
/// </summary>
internal static class GoogleWorkspaceReader
{
    public static void Read(JsonElement e, in ReadContext context, long lineNumber, List<EcsLine> output)
    {
        var events = e.Get("events");
        if (events is JsonElement { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
        {
            int index = 0;
            foreach (var item in events.Items(64))
            {
                output.Add(TryRead(e, item, index++, context, out var evt, out string? error)
                    ? new EcsLine(lineNumber, evt, null)
                    : new EcsLine(lineNumber, default, error));
            }

            return;
        }

        output.Add(TryRead(e, e, -1, context, out var single, out string? singleError)
            ? new EcsLine(lineNumber, single, null)
            : new EcsLine(lineNumber, default, singleError));
    }

    private static bool TryRead(JsonElement activity, JsonElement evt, int index, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(activity, activity.Get("id", "time"), 1, "id.time", out long time, out error))
        {
            return false;
        }

        string? application = activity.Text("id", "applicationName");
        string? name = evt.Text("name");
        var parameters = evt.Get("parameters");
        var actor = activity.Get("actor");
        var kind = Kind(application, name);
        string? subject = actor.Get("email").Text() ?? actor.Get("profileId").Text() ?? actor.Get("key").Text();
        bool aboutGrantee = false;
        if (kind == EventKind.PrivilegeChange && Parameter(parameters, "USER_EMAIL") is string grantee)
        {
            subject = grantee;
            aboutGrantee = true;
        }
        else if (subject is null && Parameter(parameters, "affected_email_address") is string affected)
        {
            subject = affected; // login events for an unknown or suspended account name it here
        }

        if (!ReadContext.Subject(subject, "actor.email, actor.profileId, actor.key", out error))
        {
            return false;
        }

        string? challenge = Parameter(parameters, "login_challenge_method");
        string? challengeStatus = Parameter(parameters, "login_challenge_status");
        var outcome = name switch
        {
            "login_success" => EventOutcome.Success,
            "login_failure" => EventOutcome.Failure,
            "login_challenge" or "login_verification" => challengeStatus switch
            {
                "Challenge Passed" or "passed" => EventOutcome.Success,
                "Challenge Failed" or "failed" => EventOutcome.Failure,
                _ => EventOutcome.Unknown,
            },
            _ => kind is EventKind.Other ? EventOutcome.Unknown : EventOutcome.Success,
        };
        string? uniqueQualifier = activity.Text("id", "uniqueQualifier");
        result = new TelemetryEvent
        {
            Dataset = "google_workspace." + (application ?? "activity"),
            Id = uniqueQualifier is null ? null : index >= 0 ? uniqueQualifier + "/" + index.ToString(CultureInfo.InvariantCulture) : uniqueQualifier,
            TimestampMs = time,
            Kind = kind,
            Outcome = outcome,
            Action = name,
            SubjectId = subject!,
            SubjectEmail = subject!.Contains('@', StringComparison.Ordinal) ? subject : null,
            IdentityKind = actor.Get("callerType").Text() is "KEY" ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = activity.Text("id", "customerId") ?? activity.Text("ownerDomain"),
            SourceIp = aboutGrantee ? null : JsonFields.Ip(activity.Text("ipAddress")),
            AuthMethod = JsonFields.Lower(Parameter(parameters, "login_type")),
            MfaMethod = kind == EventKind.Mfa ? JsonFields.Lower(challenge) : null,
            MfaResult = kind == EventKind.Mfa ? outcome switch
            {
                EventOutcome.Success => MfaResult.Approved,
                EventOutcome.Failure => MfaResult.Denied,
                _ => MfaResult.Sent,
            } : MfaResult.None,
            FailureReason = outcome == EventOutcome.Failure ? Parameter(parameters, "login_failure_type") switch
            {
                "login_failure_invalid_password" => "bad_password",
                "login_failure_unknown" => "unknown",
                "login_failure_account_disabled" => "disabled",
                "login_failure_invalid_second_factor" => "mfa_failed",
                string other => other.ToLowerInvariant(),
                null => null,
            } : null,
            ResourceId = Parameter(parameters, "doc_title") ?? Parameter(parameters, "app_name") ?? Parameter(parameters, "doc_id") ?? application,
            ResourceType = application,
            ResourceAction = name is "download" or "view" ? "read" : name is "edit" ? "write" : name is "delete" or "trash" ? "delete" : null,
            Privilege = kind == EventKind.PrivilegeChange ? Parameter(parameters, "ROLE_NAME") ?? Parameter(parameters, "GROUP_EMAIL") : null,
        };
        return true;
    }

    internal static EventKind Kind(string? application, string? name) => (application, name) switch
    {
        (_, "login_success" or "login_failure") => EventKind.SignIn,
        (_, "login_challenge" or "login_verification") => EventKind.Mfa,
        (_, "logout") => EventKind.SignOut,
        ("admin" or null, "ASSIGN_ROLE" or "GRANT_ADMIN_PRIVILEGE" or "ADD_GROUP_MEMBER" or "GRANT_DELEGATED_ADMIN_PRIVILEGES") => EventKind.PrivilegeChange,
        ("drive" or null, "download" or "view" or "edit" or "preview" or "print") => EventKind.ResourceAccess,
        ("token" or null, "authorize") => EventKind.TokenUse,
        _ => EventKind.Other,
    };

    /// <summary>A parameter's value: from the API's array of <c>{name, value|boolValue|intValue|multiValue}</c>, or a flattened object.</summary>
    private static string? Parameter(JsonElement? parameters, string name)
    {
        if (parameters is not JsonElement p)
        {
            return null;
        }

        if (p.ValueKind == JsonValueKind.Object)
        {
            return First(p.Get(name));
        }

        foreach (var item in parameters.Items(128))
        {
            if (item.Text("name") == name)
            {
                return item.Text("value") ?? item.Text("boolValue") ?? item.Text("intValue") ?? First(item.Get("multiValue"));
            }
        }

        return null;
    }

    private static string? First(JsonElement? value)
    {
        if (value is JsonElement { ValueKind: JsonValueKind.Array })
        {
            foreach (var item in value.Items(1))
            {
                return ((JsonElement?)item).Text();
            }

            return null;
        }

        return value.Text();
    }
}
