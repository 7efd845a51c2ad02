using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Tells the format of one event from the fields that only that format has together (docs/connectors.md, "Detection").
/// Checks are ordered from the most to the least specific; <see cref="LogFormat.Auto"/> means none matched.
/// </summary>
public static class FormatDetector
{
    /// <summary>The distinguishing fields, as error messages list them.</summary>
    public const string Signatures =
        "eventType+published (Okta), eventSource+eventName or userIdentity+eventName (CloudTrail), class_uid (OCSF), log_id or type+date (Auth0), "
        + "event_type_id (OneLogin), kind admin#reports#activity or id.applicationName (Google Workspace), "
        + "access_device/factor/txid (Duo), userPrincipalName/activityDisplayName or properties+category (Entra), "
        + "realmId or operationType+resourceType (Keycloak), @timestamp (ECS)";

    /// <summary>The format of one event object; <see cref="LogFormat.Auto"/> when none is recognised.</summary>
    public static LogFormat Detect(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return LogFormat.Auto;
        }

        if (Has(e, "class_uid") && (Has(e, "activity_id") || Has(e, "category_uid") || Has(e, "type_uid")))
        {
            return LogFormat.Ocsf;
        }

        // eventName with userIdentity: some trimmed exports (and S3 data events in the samples) drop eventSource and eventVersion.
        if (Has(e, "eventSource") && (Has(e, "eventName") || Has(e, "userIdentity")) || Has(e, "userIdentity") && (Has(e, "eventVersion") || Has(e, "eventName")))
        {
            return LogFormat.CloudTrail;
        }

        if (Has(e, "eventType") && (Has(e, "published") || Has(e, "legacyEventType") || Has(e, "displayMessage")
            || (Has(e, "actor") && (Has(e, "outcome") || Has(e, "client")))))
        {
            return LogFormat.Okta;
        }

        if (Has(e, "event_type_id"))
        {
            return LogFormat.OneLogin;
        }

        if (e.Text("kind") is string kind && kind.StartsWith("admin#reports#", StringComparison.Ordinal)
            || e.Get("id", "applicationName") is not null
            || (e.Get("actor") is JsonElement { ValueKind: JsonValueKind.Object } actor && actor.Get("profileId") is not null))
        {
            return LogFormat.GoogleWorkspace;
        }

        if (e.Get("data") is JsonElement { ValueKind: JsonValueKind.Object } data && (Has(data, "log_id") || Has(data, "type") && Has(data, "date"))
            || Has(e, "log_id") || (Has(e, "type") && Has(e, "date") && (Has(e, "client_id") || Has(e, "user_id") || Has(e, "ip"))))
        {
            return LogFormat.Auth0;
        }

        if (Has(e, "access_device") || Has(e, "auth_device") || Has(e, "txid") || (Has(e, "factor") && Has(e, "result"))
            || (Has(e, "action") && Has(e, "username") && (Has(e, "isotimestamp") || Has(e, "object"))))
        {
            return LogFormat.Duo;
        }

        if (e.Get("properties") is JsonElement { ValueKind: JsonValueKind.Object } && (Has(e, "category") || Has(e, "operationName"))
            || Has(e, "userPrincipalName") && (Has(e, "createdDateTime") || Has(e, "appDisplayName") || Has(e, "status"))
            || Has(e, "signInEventTypes") || Has(e, "activityDisplayName") && (Has(e, "initiatedBy") || Has(e, "loggedByService")))
        {
            return LogFormat.Entra;
        }

        if (Has(e, "operationType") && Has(e, "resourceType") && (Has(e, "authDetails") || Has(e, "realmId"))
            || (Has(e, "realmId") || Has(e, "realmName")) && Has(e, "type"))
        {
            return LogFormat.Keycloak;
        }

        if (Has(e, "@timestamp") || e.Get("event") is JsonElement { ValueKind: JsonValueKind.Object } || Has(e, "event.action"))
        {
            return LogFormat.Ecs;
        }

        return LogFormat.Auto;
    }

    private static bool Has(JsonElement e, string name) => e.Get(name) is JsonElement { ValueKind: not JsonValueKind.Null };
}
