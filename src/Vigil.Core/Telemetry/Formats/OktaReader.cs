using System.Text.Json;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Okta System Log <c>LogEvent</c> (developer.okta.com, "System Log API": LogEvent object). The subject is the actor's
/// login (<c>actor.alternateId</c>), the same name other sources use, so one person's events meet across sources.
/// </summary>
internal static class OktaReader
{
    public const string Dataset = "okta.system";

    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(e, e.Get("published"), 1, "published", out long time, out error))
        {
            return false;
        }

        string? eventType = e.Text("eventType");
        var kind = Kind(eventType);
        var actor = e.Get("actor");
        var outcome = e.Get("outcome");
        string? resultText = outcome.Get("result").Text();
        string? reason = outcome.Get("reason").Text();

        // A grant names the grantee among the targets: the event is about them, not the administrator.
        string? subject = actor.Get("alternateId").Text() ?? actor.Get("id").Text();
        string? name = actor.Get("displayName").Text();
        string? actorType = actor.Get("type").Text();
        string? privilege = null, resource = null;
        foreach (var target in e.Get("target").Items(32))
        {
            string? type = target.Text("type");
            if (kind == EventKind.PrivilegeChange && type == "User" && target.Text("alternateId") is string grantee)
            {
                subject = grantee;
                name = target.Text("displayName");
                actorType = "User";
            }
            else if (type is "UserGroup" or "Group" or "ROLE" or "Role" or "PermissionSet")
            {
                privilege ??= target.Text("displayName") ?? target.Text("alternateId");
            }
            else if (type is "AppInstance" or "Application" or "PublicClientApp")
            {
                resource ??= target.Text("displayName") ?? target.Text("alternateId");
            }
        }

        if (!ReadContext.Subject(subject, "actor.alternateId, actor.id", out error))
        {
            return false;
        }

        var client = e.Get("client");
        var geo = client.Get("geographicalContext");
        var coordinates = geo.Get("geolocation");
        var security = e.Get("securityContext");
        var auth = e.Get("authenticationContext");
        var debug = e.Get("debugContext").Get("debugData");
        string? factor = debug.Get("factor").Text() ?? debug.Get("factorType").Text();
        string? credential = auth.Get("credentialType").Text();
        string? ip = client.Get("ipAddress").Text();
        if (ip is null)
        {
            foreach (var hop in e.Get("request").Get("ipChain").Items(1))
            {
                ip = hop.Text("ip");
            }
        }

        var outcomeValue = resultText?.ToUpperInvariant() switch
        {
            "SUCCESS" or "ALLOW" => EventOutcome.Success,
            "FAILURE" or "DENY" => EventOutcome.Failure,
            _ => EventOutcome.Unknown,
        };

        result = new TelemetryEvent
        {
            Dataset = Dataset,
            Id = e.Text("uuid"),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcomeValue,
            Action = eventType,
            SubjectId = subject!,
            SubjectName = name,
            SubjectEmail = subject!.Contains('@', StringComparison.Ordinal) ? subject : null,
            IdentityKind = actorType is null or "User" ? IdentityKind.Human : IdentityKind.Workload,
            SourceIp = JsonFields.Ip(ip),
            AsNumber = security.Get("asNumber").Long() is long asn and > 0 and <= uint.MaxValue ? (uint)asn : 0,
            AsOrganization = security.Get("asOrg").Text(),
            SourceCategories = security.Get("isProxy").Bool() == true ? IpCategory.Anonymizer : IpCategory.None,
            Country = geo.Get("country").Text() is { Length: 2 } iso ? iso.ToUpperInvariant() : null,
            City = geo.Get("city").Text(),
            Location = JsonFields.Point(coordinates.Get("lat").Double(), coordinates.Get("lon").Double()),
            UserAgent = client.Get("userAgent").Get("rawUserAgent").Text(),
            OperatingSystem = client.Get("userAgent").Get("os").Text() is string os && os != "Unknown" ? os : null,
            DeviceType = client.Get("device").Text() is string device && device != "Unknown" ? device : null,
            DeviceId = e.Get("device").Get("id").Text(),
            DeviceManaged = e.Get("device").Get("managed").Bool(),
            SessionId = auth.Get("externalSessionId").Text() ?? auth.Get("rootSessionId").Text(),
            AuthMethod = JsonFields.Lower(credential),
            MfaMethod = kind == EventKind.Mfa ? JsonFields.Lower(factor ?? credential) : null,
            MfaResult = kind == EventKind.Mfa ? Mfa(eventType, outcomeValue, reason) : MfaResult.None,
            FailureReason = outcomeValue == EventOutcome.Failure ? Failure(reason) : null,
            ResourceId = resource,
            ResourceType = resource is null ? null : "app",
            Privilege = kind == EventKind.PrivilegeChange ? privilege : null,
        };
        return true;
    }

    /// <summary>Okta event types (developer.okta.com, "Event types") by what they mean to the engine; the rest are other.</summary>
    internal static EventKind Kind(string? eventType) => eventType switch
    {
        "user.session.start" or "user.authentication.authenticate" or "user.authentication.verify"
            or "user.authentication.auth_via_IDP" or "user.authentication.auth_via_AD_agent" or "user.authentication.auth_via_LDAP_agent"
            or "user.authentication.auth_via_radius" or "user.authentication.auth_via_social" or "user.authentication.auth_via_richclient"
            or "user.authentication.auth_via_inbound_SAML" or "user.authentication.auth_via_inbound_delauth" or "user.authentication.auth_via_iwa" => EventKind.SignIn,
        "user.authentication.auth_via_mfa" or "system.push.send_factor_verify_push" or "user.mfa.okta_verify.deny_push"
            or "user.mfa.okta_verify.deny_push_upgrade_needed" or "user.mfa.attempt_bypass" or "system.sms.send_factor_verify_message"
            or "system.voice.send_phone_verification_call" or "system.email.mfa_challenge" => EventKind.Mfa,
        "user.authentication.sso" or "user.session.access_admin_app" or "app.generic.unauth_app_access_attempt" => EventKind.ResourceAccess,
        "user.session.end" or "user.session.clear" or "user.session.expire" => EventKind.SignOut,
        "group.user_membership.add" or "user.account.privilege.grant" or "group.privilege.grant" or "app.user_membership.add"
            or "iam.resourceset.bindings.add" or "user.account.role.grant" => EventKind.PrivilegeChange,
        _ when eventType?.StartsWith("app.oauth2.", StringComparison.Ordinal) == true && eventType.Contains("token", StringComparison.Ordinal) => EventKind.TokenUse,
        _ => EventKind.Other,
    };

    private static MfaResult Mfa(string? eventType, EventOutcome outcome, string? reason)
    {
        if (eventType is "user.mfa.okta_verify.deny_push" or "user.mfa.okta_verify.deny_push_upgrade_needed")
        {
            return MfaResult.Denied;
        }

        if (eventType?.StartsWith("system.", StringComparison.Ordinal) == true)
        {
            return MfaResult.Sent;
        }

        if (reason?.Contains("timed out", StringComparison.OrdinalIgnoreCase) == true || reason?.Contains("timeout", StringComparison.OrdinalIgnoreCase) == true)
        {
            return MfaResult.TimedOut;
        }

        return outcome switch
        {
            EventOutcome.Success => MfaResult.Approved,
            EventOutcome.Failure => MfaResult.Denied,
            _ => MfaResult.Sent,
        };
    }

    private static string? Failure(string? reason) => reason?.ToUpperInvariant() switch
    {
        null => null,
        "INVALID_CREDENTIALS" or "INVALID CREDENTIALS" or "VERIFICATION_ERROR" => "bad_password",
        "LOCKED_OUT" or "USER LOCKED OUT" => "locked",
        "UNKNOWN_USER" or "USER NOT FOUND" => "unknown_user",
        _ => reason.ToLowerInvariant(),
    };
}
