using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Microsoft Entra sign-ins (interactive, non-interactive, service principal, managed identity) and directory audits, in
/// the Graph API shape (learn.microsoft.com, "signIn resource type", "directoryAudit resource type") and the Azure Monitor
/// diagnostic-export shape (the same object under <c>properties</c>, with <c>time</c>, <c>category</c>,
/// <c>resultType</c> and <c>callerIpAddress</c> beside it).
/// </summary>
internal static class EntraReader
{
    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        // Diagnostic export: the Graph object is under properties; the envelope names the category.
        var p = e.Get("properties") is JsonElement { ValueKind: JsonValueKind.Object } inner ? inner : e;
        string? category = e.Text("category");
        bool audit = category is "AuditLogs" || p.Get("activityDisplayName") is not null || p.Get("initiatedBy") is not null;
        return audit ? TryReadAudit(e, p, context, out result, out error) : TryReadSignIn(e, p, category, context, out result, out error);
    }

    private static bool TryReadSignIn(JsonElement e, JsonElement p, string? category, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        var timeField = p.Get("createdDateTime") is not null ? ("createdDateTime", p.Get("createdDateTime")) : ("time", e.Get("time"));
        if (!context.TryTime(e, timeField.Item2, 1, timeField.Item1, out long time, out error))
        {
            return false;
        }

        string type = SignInType(p, category);
        bool workload = type is "servicePrincipal" or "managedIdentity";
        string? subject = workload
            ? p.Text("servicePrincipalName") ?? p.Text("servicePrincipalId") ?? p.Text("appId")
            : p.Text("userPrincipalName") ?? p.Text("userId") ?? e.Text("identity");
        if (!ReadContext.Subject(subject, workload ? "servicePrincipalName, servicePrincipalId, appId" : "userPrincipalName, userId", out error))
        {
            return false;
        }

        var status = p.Get("status");
        // Some exports write the result as a word rather than the error code.
        long? code = status.Get("errorCode").Long() ?? e.Get("resultType").Long() ?? (e.Text("resultType") ?? e.Text("resultSignature"))?.ToUpperInvariant() switch
        {
            "SUCCESS" => 0,
            "FAILURE" => -1,
            _ => null,
        };
        var outcome = code switch
        {
            0 => EventOutcome.Success,
            // Interrupts, not failures: the flow goes on to MFA or a prompt (Entra error codes AADSTS50074/50076/50079/50140).
            50074 or 50076 or 50079 or 50072 or 50140 or 50125 or 50158 => EventOutcome.Unknown,
            null => EventOutcome.Unknown,
            _ => EventOutcome.Failure,
        };
        var (mfaMethod, mfaResult) = Mfa(p, code);
        var device = p.Get("deviceDetail");
        var location = p.Get("location");
        var coordinates = location.Get("geoCoordinates");
        string? requirement = p.Text("authenticationRequirement");
        string? firstMethod = null;
        foreach (var step in p.Get("authenticationDetails").Items(1))
        {
            firstMethod = step.Text("authenticationMethod");
        }

        result = new TelemetryEvent
        {
            Dataset = type switch
            {
                "nonInteractiveUser" => "entra.signin.noninteractive",
                "servicePrincipal" => "entra.signin.serviceprincipal",
                "managedIdentity" => "entra.signin.managedidentity",
                _ => "entra.signin",
            },
            Id = p.Text("id"),
            TimestampMs = time,
            // A non-interactive sign-in is a client redeeming a refresh token or a session: token use, not a person signing in.
            Kind = type == "nonInteractiveUser" ? EventKind.TokenUse : EventKind.SignIn,
            Outcome = outcome,
            Action = e.Text("operationName") ?? "sign-in",
            SubjectId = subject!,
            SubjectName = workload ? p.Text("servicePrincipalName") : p.Text("userDisplayName"),
            SubjectEmail = !workload && p.Text("userPrincipalName") is string upn && upn.Contains('@', StringComparison.Ordinal) ? upn : null,
            IdentityKind = workload ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = p.Text("tenantId") ?? e.Text("tenantId") ?? p.Text("homeTenantId"),
            SourceIp = JsonFields.Ip(p.Text("ipAddress") ?? e.Text("callerIpAddress")),
            Country = location.Get("countryOrRegion").Text() is { Length: 2 } iso ? iso.ToUpperInvariant() : null,
            City = location.Get("city").Text(),
            Location = JsonFields.Point(coordinates.Get("latitude").Double(), coordinates.Get("longitude").Double()),
            UserAgent = p.Text("userAgent"),
            OperatingSystem = device.Get("operatingSystem").Text(),
            DeviceId = device.Get("deviceId").Text(),
            DeviceCompliant = device.Get("isCompliant").Bool(),
            DeviceManaged = device.Get("isManaged").Bool(),
            SessionId = p.Text("sessionId") ?? p.Text("correlationId") ?? e.Text("correlationId"),
            TokenId = p.Text("uniqueTokenIdentifier"),
            AuthMethod = workload ? JsonFields.Lower(p.Text("clientCredentialType")) ?? "client_secret" : JsonFields.Lower(firstMethod),
            Acr = requirement switch { "multiFactorAuthentication" => "mfa", "singleFactorAuthentication" => "pwd", _ => null },
            MfaMethod = mfaMethod,
            MfaResult = mfaResult,
            FailureReason = outcome == EventOutcome.Failure || code is 50074 or 50076 ? Failure(code, status.Get("failureReason").Text()) : null,
            ResourceId = p.Text("appDisplayName") ?? p.Text("resourceDisplayName") ?? p.Text("appId"),
            ResourceType = "app",
        };
        return true;
    }

    private static string SignInType(JsonElement p, string? category)
    {
        switch (category)
        {
            case "NonInteractiveUserSignInLogs": return "nonInteractiveUser";
            case "ServicePrincipalSignInLogs": return "servicePrincipal";
            case "ManagedIdentitySignInLogs": return "managedIdentity";
            case "SignInLogs": return "interactiveUser";
        }

        foreach (var type in p.Get("signInEventTypes").Items(4))
        {
            if (type.ValueKind == JsonValueKind.String && type.GetString() is string value)
            {
                return value;
            }
        }

        if (p.Get("isInteractive").Bool() == false)
        {
            return "nonInteractiveUser";
        }

        return p.Text("userPrincipalName") is null && p.Text("servicePrincipalId") is not null ? "servicePrincipal" : "interactiveUser";
    }

    private static (string? Method, MfaResult Result) Mfa(JsonElement p, long? code)
    {
        string? method = p.Get("mfaDetail").Get("authMethod").Text();
        var result = MfaResult.None;
        int index = 0;
        foreach (var step in p.Get("authenticationDetails").Items(16))
        {
            // The first step is the primary credential; later ones are second factors.
            string? stepMethod = step.Text("authenticationMethod");
            if (index++ == 0 && stepMethod is "Password" or "Previously satisfied" or null)
            {
                continue;
            }

            method ??= stepMethod;
            string? detail = step.Text("authenticationStepResultDetail");
            result = step.Get("succeeded").Bool() == true ? MfaResult.Approved
                : detail?.Contains("did not respond", StringComparison.OrdinalIgnoreCase) == true ? MfaResult.TimedOut
                : MfaResult.Denied;
        }

        if (code == 500121 && result == MfaResult.None)
        {
            result = MfaResult.Denied; // "Authentication failed during strong authentication request"
        }

        return (JsonFields.Lower(method), result);
    }

    private static string? Failure(long? code, string? reason) => code switch
    {
        50126 or 50053 when reason?.Contains("locked", StringComparison.OrdinalIgnoreCase) == true => "locked",
        50126 => "bad_password",
        50034 => "unknown_user",
        50053 => "locked",
        50057 => "disabled",
        50055 => "password_expired",
        500121 => "mfa_failed",
        50074 or 50076 => "mfa_required",
        53003 => "blocked_by_conditional_access",
        _ => JsonFields.Lower(reason),
    };

    private static bool TryReadAudit(JsonElement e, JsonElement p, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        var timeField = p.Get("activityDateTime") is not null ? ("activityDateTime", p.Get("activityDateTime")) : ("time", e.Get("time"));
        if (!context.TryTime(e, timeField.Item2, 1, timeField.Item1, out long time, out error))
        {
            return false;
        }

        string? activity = p.Text("activityDisplayName") ?? e.Text("operationName");
        var user = p.Get("initiatedBy").Get("user");
        var app = p.Get("initiatedBy").Get("app");
        string? actor = user.Get("userPrincipalName").Text() ?? user.Get("id").Text();
        bool workload = actor is null;
        actor ??= app.Get("servicePrincipalName").Text() ?? app.Get("displayName").Text() ?? app.Get("appId").Text();
        var kind = AuditKind(activity);
        string? subject = actor, privilege = null, resource = null;
        foreach (var target in p.Get("targetResources").Items(16))
        {
            string? type = target.Text("type");
            if (kind == EventKind.PrivilegeChange && type == "User" && (target.Text("userPrincipalName") ?? target.Text("id")) is string grantee && subject == actor)
            {
                subject = grantee;
                workload = false;
            }
            else if (type is "Role" or "Group" or "DirectoryRole")
            {
                privilege ??= target.Text("displayName");
            }

            resource ??= target.Text("displayName") ?? target.Text("id");
            foreach (var property in target.Get("modifiedProperties").Items(32))
            {
                if (property.Text("displayName") is "Role.DisplayName" or "Group.DisplayName" && property.Text("newValue") is string value)
                {
                    privilege ??= value.Trim('"');
                }
            }
        }

        if (!ReadContext.Subject(subject, "initiatedBy.user.userPrincipalName, initiatedBy.user.id, initiatedBy.app.servicePrincipalName, initiatedBy.app.displayName", out error))
        {
            return false;
        }

        string? outcomeText = p.Text("result") ?? e.Text("resultType");
        bool aboutGrantee = subject != actor;
        result = new TelemetryEvent
        {
            Dataset = "entra.audit",
            Id = p.Text("id"),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcomeText?.ToUpperInvariant() switch { "SUCCESS" => EventOutcome.Success, "FAILURE" or "TIMEOUT" => EventOutcome.Failure, _ => EventOutcome.Unknown },
            Action = activity,
            SubjectId = subject!,
            SubjectName = aboutGrantee ? null : user.Get("displayName").Text(),
            SubjectEmail = subject!.Contains('@', StringComparison.Ordinal) ? subject : null,
            IdentityKind = workload ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = e.Text("tenantId") ?? p.Text("tenantId"),
            // The address is the administrator's; it says nothing about where a grantee is.
            SourceIp = aboutGrantee ? null : JsonFields.Ip(user.Get("ipAddress").Text() ?? e.Text("callerIpAddress")),
            ResourceId = resource,
            ResourceType = p.Text("category") ?? e.Text("category"),
            ResourceAction = JsonFields.Lower(p.Text("operationType")),
            FailureReason = JsonFields.Lower(p.Text("resultReason")),
            Privilege = kind == EventKind.PrivilegeChange ? privilege : null,
        };
        return true;
    }

    private static EventKind AuditKind(string? activity) => activity switch
    {
        "Add member to role" or "Add eligible member to role" or "Add member to role completed (PIM activation)" or "Add member to group"
            or "Add app role assignment to user" or "Add app role assignment grant to user" or "Add owner to group" or "Add scoped member to role"
            or "Add member to role in PIM completed (permanent)" or "Add member to role in PIM completed (timebound)" => EventKind.PrivilegeChange,
        _ => EventKind.Other,
    };
}
