using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Writes an event read from a native format as the ECS document <see cref="EcsEventReader"/> reads back into the same
/// fields (docs/telemetry.md), with <c>event.dataset</c> for provenance. The service journals this form, so a native
/// event replays through the journal's ECS reader exactly as it was first scored. What ECS has no field for is not
/// kept: the vendor's own action name (<c>event.action</c> carries the kind) and the anonymiser flag some vendors send
/// (enrichment sets it again from the IP lists).
/// </summary>
public static class EcsEventWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event as UTF-8 ECS JSON.</summary>
    public static byte[] Write(in TelemetryEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("@timestamp", e.TimestampMs);
            w.WriteStartObject("event");
            String(w, "id", e.Id);
            String(w, "dataset", e.Dataset);
            w.WriteString("action", Action(e.Kind));
            String(w, "outcome", e.Outcome switch { EventOutcome.Success => "success", EventOutcome.Failure => "failure", _ => null });
            w.WriteEndObject();

            w.WriteStartObject("user");
            w.WriteString("id", e.SubjectId);
            String(w, "name", e.SubjectName);
            String(w, "email", e.SubjectEmail);
            if (e.Roles is { Length: > 0 } roles)
            {
                w.WriteStartArray("roles");
                foreach (string role in roles)
                {
                    w.WriteStringValue(role);
                }

                w.WriteEndArray();
            }

            if (e.Group is not null)
            {
                w.WriteStartObject("group");
                w.WriteString("name", e.Group);
                w.WriteEndObject();
            }

            w.WriteEndObject();

            WriteSource(w, e);
            if (e.UserAgent is not null || e.Browser is not null || e.OperatingSystem is not null || e.DeviceType is not null)
            {
                w.WriteStartObject("user_agent");
                String(w, "original", e.UserAgent);
                String(w, "name", e.Browser);
                String(w, "version", e.Browser is not null && e.BrowserMajor > 0 ? e.BrowserMajor.ToString(CultureInfo.InvariantCulture) : null);
                if (e.OperatingSystem is not null)
                {
                    w.WriteStartObject("os");
                    w.WriteString("name", e.OperatingSystem);
                    w.WriteEndObject();
                }

                if (e.DeviceType is not null)
                {
                    w.WriteStartObject("device");
                    w.WriteString("name", e.DeviceType);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            if (e.DeviceId is not null)
            {
                w.WriteStartObject("device");
                w.WriteString("id", e.DeviceId);
                w.WriteEndObject();
            }

            if (e.BytesOut > 0)
            {
                w.WriteStartObject("destination");
                w.WriteNumber("bytes", e.BytesOut);
                w.WriteEndObject();
            }

            WriteLabels(w, e);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSource(Utf8JsonWriter w, in TelemetryEvent e)
    {
        if (e.SourceIp is null && e.AsNumber == 0 && e.AsOrganization is null && e.Country is null && e.City is null && e.Location is null && e.BytesIn <= 0)
        {
            return;
        }

        w.WriteStartObject("source");
        String(w, "ip", e.SourceIp?.ToString());
        if (e.BytesIn > 0)
        {
            w.WriteNumber("bytes", e.BytesIn);
        }

        if (e.AsNumber > 0 || e.AsOrganization is not null)
        {
            w.WriteStartObject("as");
            if (e.AsNumber > 0)
            {
                w.WriteNumber("number", e.AsNumber);
            }

            if (e.AsOrganization is not null)
            {
                w.WriteStartObject("organization");
                w.WriteString("name", e.AsOrganization);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (e.Country is not null || e.City is not null || e.Location is not null)
        {
            w.WriteStartObject("geo");
            String(w, "country_iso_code", e.Country);
            String(w, "city_name", e.City);
            if (e.Location is GeoPoint point)
            {
                w.WriteStartObject("location");
                w.WriteNumber("lat", point.Latitude);
                w.WriteNumber("lon", point.Longitude);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter w, in TelemetryEvent e)
    {
        w.WriteStartObject("labels");
        // The subject's type as the source wrote it (which also gives the identity kind), else the kind when it is not
        // the default: so the document reads back as the same event, SubjectType included.
        String(w, "identity_kind", e.SubjectType ?? e.IdentityKind switch { IdentityKind.Workload => "workload", IdentityKind.Agent => "agent", _ => null });
        String(w, "department", e.Department);
        String(w, "peer_group", e.PeerGroup);
        String(w, "tenant", e.Tenant);
        String(w, "on_behalf_of", e.OnBehalfOf);
        if (e.DeviceCompliant is bool compliant)
        {
            w.WriteBoolean("device_compliant", compliant);
        }

        if (e.DeviceManaged is bool managed)
        {
            w.WriteBoolean("device_managed", managed);
        }

        String(w, "session_id", e.SessionId);
        String(w, "token_id", e.TokenId);
        String(w, "auth_method", e.AuthMethod);
        String(w, "acr", e.Acr);
        String(w, "mfa_method", e.MfaMethod);
        String(w, "mfa_result", e.MfaResult switch
        {
            MfaResult.Sent => "sent",
            MfaResult.Approved => "approved",
            MfaResult.Denied => "denied",
            MfaResult.TimedOut => "timeout",
            _ => null,
        });
        String(w, "failure_reason", e.FailureReason);
        String(w, "resource_id", e.ResourceId);
        String(w, "resource_type", e.ResourceType);
        String(w, "resource_action", e.ResourceAction);
        String(w, "resource_sensitivity", e.Sensitivity switch
        {
            Sensitivity.Low => "low",
            Sensitivity.Medium => "medium",
            Sensitivity.High => "high",
            Sensitivity.Critical => "critical",
            _ => null,
        });
        String(w, "privilege", e.Privilege);
        w.WriteEndObject();
    }

    private static string Action(EventKind kind) => kind switch
    {
        EventKind.SignIn => "sign-in",
        EventKind.Mfa => "mfa",
        EventKind.TokenUse => "token-use",
        EventKind.ResourceAccess => "resource-access",
        EventKind.ApiCall => "api-call",
        EventKind.DevicePosture => "device-posture",
        EventKind.PrivilegeChange => "privilege-change",
        EventKind.SignOut => "sign-out",
        _ => "other",
    };

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
