using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Keycloak events as the Admin REST API returns them (keycloak.org, "EventRepresentation" and
/// "AdminEventRepresentation"): login events carry <c>type</c> (<c>LOGIN</c>, <c>LOGIN_ERROR</c> ...), admin events
/// carry <c>operationType</c> and <c>resourceType</c>. Times are Unix milliseconds.
/// </summary>
internal static class KeycloakReader
{
    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(e, e.Get("time"), 1, "time", out long time, out error))
        {
            return false;
        }

        return e.Get("operationType") is not null ? TryReadAdmin(e, time, out result, out error) : TryReadLogin(e, time, out result, out error);
    }

    private static bool TryReadLogin(JsonElement e, long time, out TelemetryEvent result, out string? error)
    {
        result = default;
        string? type = e.Text("type");
        bool failed = type?.EndsWith("_ERROR", StringComparison.Ordinal) == true || e.Text("error") is not null;
        string? baseType = failed && type is not null && type.EndsWith("_ERROR", StringComparison.Ordinal) ? type[..^6] : type;
        var kind = baseType switch
        {
            "LOGIN" or "CLIENT_LOGIN" or "IDENTITY_PROVIDER_LOGIN" or "IDENTITY_PROVIDER_FIRST_LOGIN" => EventKind.SignIn,
            "CODE_TO_TOKEN" or "REFRESH_TOKEN" or "TOKEN_EXCHANGE" or "INTROSPECT_TOKEN" or "USER_INFO_REQUEST" or "CLIENT_INITIATED_ACCOUNT_LINKING"
                or "OAUTH2_DEVICE_CODE_TO_TOKEN" or "IMPERSONATE" => EventKind.TokenUse,
            "LOGOUT" => EventKind.SignOut,
            _ => EventKind.Other,
        };
        var details = e.Get("details");
        bool client = baseType == "CLIENT_LOGIN";
        string? subject = client ? e.Text("clientId") : details.Get("username").Text() ?? e.Text("userId");
        if (!ReadContext.Subject(subject, client ? "clientId" : "details.username, userId", out error))
        {
            return false;
        }

        string? cause = e.Text("error");
        result = new TelemetryEvent
        {
            Dataset = "keycloak.event",
            Id = e.Text("id"),
            TimestampMs = time,
            Kind = kind,
            Outcome = failed ? EventOutcome.Failure : EventOutcome.Success,
            Action = type,
            SubjectId = subject!,
            SubjectEmail = details.Get("email").Text() ?? (subject!.Contains('@', StringComparison.Ordinal) ? subject : null),
            IdentityKind = client ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = e.Text("realmName") ?? e.Text("realmId"),
            SourceIp = JsonFields.Ip(e.Text("ipAddress")),
            SessionId = e.Text("sessionId") ?? details.Get("code_id").Text(),
            TokenId = details.Get("token_id").Text() ?? details.Get("refresh_token_id").Text(),
            AuthMethod = JsonFields.Lower(details.Get("auth_method").Text() ?? details.Get("identity_provider").Text()),
            FailureReason = failed ? cause switch
            {
                "invalid_user_credentials" => "bad_password",
                "user_not_found" => "unknown_user",
                "user_temporarily_disabled" => "locked",
                "user_disabled" => "disabled",
                _ => JsonFields.Lower(cause),
            } : null,
            ResourceId = e.Text("clientId"),
            ResourceType = "app",
        };
        return true;
    }

    private static bool TryReadAdmin(JsonElement e, long time, out TelemetryEvent result, out string? error)
    {
        result = default;
        var auth = e.Get("authDetails");
        string? operation = e.Text("operationType");
        string? resourceType = e.Text("resourceType");
        string? path = e.Text("resourcePath");
        bool grant = operation == "CREATE" && resourceType is "REALM_ROLE_MAPPING" or "CLIENT_ROLE_MAPPING" or "GROUP_MEMBERSHIP";
        string? actor = auth.Get("userId").Text() ?? auth.Get("clientId").Text();
        // "users/{id}/role-mappings/realm" or "users/{id}/groups/{group}": the grantee is the user in the path.
        string? grantee = grant && path is not null && path.StartsWith("users/", StringComparison.Ordinal) ? path.Split('/')[1] : null;
        string? subject = grantee ?? actor;
        if (!ReadContext.Subject(subject, "authDetails.userId, authDetails.clientId", out error))
        {
            return false;
        }

        string? privilege = null;
        if (grant)
        {
            privilege = RoleNames(e.Text("representation")) ?? (resourceType == "GROUP_MEMBERSHIP" && path!.Split('/') is { Length: >= 4 } parts ? parts[3] : null);
        }

        result = new TelemetryEvent
        {
            Dataset = "keycloak.admin",
            Id = e.Text("id"),
            TimestampMs = time,
            Kind = grant ? EventKind.PrivilegeChange : EventKind.Other,
            Outcome = e.Text("error") is null ? EventOutcome.Success : EventOutcome.Failure,
            Action = operation is null ? resourceType : operation + " " + resourceType,
            SubjectId = subject!,
            IdentityKind = auth.Get("userId").Text() is null && grantee is null ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = e.Text("realmName") ?? e.Text("realmId") ?? auth.Get("realmId").Text(),
            SourceIp = grantee is null ? JsonFields.Ip(auth.Get("ipAddress").Text()) : null,
            ResourceId = path,
            ResourceType = JsonFields.Lower(resourceType),
            ResourceAction = "admin",
            Privilege = privilege,
        };
        return true;
    }

    /// <summary>The role names in an admin event's representation (a JSON array of roles, as a string); null when it is not one.</summary>
    private static string? RoleNames(string? representation)
    {
        if (representation is null || representation.Length >= JsonFields.MaxStringChars || !representation.StartsWith('['))
        {
            return null;
        }

        try
        {
            using var roles = JsonDocument.Parse(representation, new JsonDocumentOptions { MaxDepth = 8 });
            var names = new List<string>();
            foreach (var role in ((JsonElement?)roles.RootElement).Items(16))
            {
                if (role.Text("name") is string name)
                {
                    names.Add(name);
                }
            }

            return names.Count > 0 ? string.Join(',', names) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
