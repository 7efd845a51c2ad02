using System.Buffers;
using System.Text.Json;
using Vigil.Cel;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Authzen;

/// <summary>
/// Turns an AuthZEN evaluation into the ECS event the engine reads (docs/server.md lists the mapping). The event
/// is built as ECS JSON and read by the same <see cref="EcsEventReader"/> as ingestion, so an observed request is
/// journaled as the exact bytes that are replayed after a restart: one mapping, one parser, identical scores.
/// </summary>
internal static class EvaluationMapper
{
    // Context members that are telemetry: a request carrying any of them is an observation, not a bare question.
    private static readonly string[] TelemetryKeys = ["ip", "user_agent", "device_id", "session_id"];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static EcsEventReader? t_reader;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static bool HasTelemetry(AuthzenEvaluation evaluation)
    {
        if (evaluation.Context.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (string key in TelemetryKeys)
        {
            if (evaluation.Context.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Maps and parses; <paramref name="ecs"/> is the ECS JSON (valid until the next call on this thread).</summary>
    public static bool TryMap(AuthzenEvaluation evaluation, long nowMs, out TelemetryEvent telemetryEvent, out ReadOnlySpan<byte> ecs, out string? error)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        Write(writer, evaluation, nowMs);
        writer.Flush();

        ecs = buffer.WrittenSpan;
        var reader = t_reader ??= new EcsEventReader();
        if (reader.TryRead(ecs, out telemetryEvent, out error))
        {
            telemetryEvent = telemetryEvent with { Attributes = Attributes(evaluation) };
            return true;
        }

        error = "context: " + error;
        return false;
    }

    /// <summary>
    /// The request's properties and context as CEL values for policy conditions (docs/policies.md). Not journaled:
    /// a replay after a restart needs the telemetry to rebuild scores, not the properties a past decision saw.
    /// </summary>
    private static RequestAttributes? Attributes(AuthzenEvaluation ev)
    {
        static IReadOnlyDictionary<string, CelValue>? Map(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var map = new Dictionary<string, CelValue>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                map[p.Name] = CelValueAdapter.FromJson(p.Value);
            }

            return map;
        }

        var subject = Map(ev.Subject.Properties);
        var resource = Map(ev.Resource.Properties);
        var action = Map(ev.Action.Properties);
        var context = ev.Context.ValueKind == JsonValueKind.Object ? CelValueAdapter.FromJson(ev.Context) : default;
        return subject is null && resource is null && action is null && context.Kind != CelKind.Map
            ? null
            : new RequestAttributes { SubjectProperties = subject, ResourceProperties = resource, ActionProperties = action, Context = context };
    }

    private static void Write(Utf8JsonWriter w, AuthzenEvaluation ev, long nowMs)
    {
        var context = ev.Context;
        var subjectProps = ev.Subject.Properties;
        w.WriteStartObject();
        if (Get(context, "time", out var time) && time.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            w.WritePropertyName("@timestamp");
            time.WriteTo(w);
        }
        else
        {
            w.WriteNumber("@timestamp", nowMs);
        }

        w.WriteStartObject("event");
        CopyString(w, "id", context, "event_id");
        if (!CopyString(w, "action", context, "event_action"))
        {
            w.WriteString("action", "resource-access");
        }

        CopyString(w, "outcome", context, "outcome");
        w.WriteEndObject();

        w.WriteStartObject("user");
        w.WriteString("id", ev.Subject.Id);
        CopyString(w, "name", subjectProps, "name");
        CopyString(w, "email", subjectProps, "email");
        if (Get(subjectProps, "roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            w.WritePropertyName("roles");
            roles.WriteTo(w);
        }

        if (Get(subjectProps, "group", out var group) && group.ValueKind == JsonValueKind.String)
        {
            w.WriteStartObject("group");
            w.WritePropertyName("name");
            group.WriteTo(w);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        w.WriteStartObject("labels");
        w.WriteString("identity_kind", ev.Subject.Type);
        CopyString(w, "department", subjectProps, "department");
        CopyString(w, "peer_group", subjectProps, "peer_group");
        if (!CopyString(w, "tenant", subjectProps, "tenant"))
        {
            CopyString(w, "tenant", context, "tenant");
        }

        CopyString(w, "on_behalf_of", subjectProps, "on_behalf_of");
        w.WriteString("resource_id", ev.Resource.Id);
        w.WriteString("resource_type", ev.Resource.Type);
        CopyString(w, "acr", context, "acr");
        w.WriteString("resource_action", ev.Action.Name);
        CopyString(w, "resource_sensitivity", ev.Resource.Properties, "sensitivity");
        CopyString(w, "session_id", context, "session_id");
        CopyString(w, "token_id", context, "token_id");
        CopyString(w, "auth_method", context, "auth_method");
        CopyString(w, "mfa_method", context, "mfa_method");
        CopyString(w, "mfa_result", context, "mfa_result");
        CopyString(w, "device_compliant", context, "device_compliant");
        CopyString(w, "device_managed", context, "device_managed");
        w.WriteEndObject();

        if (Get(context, "ip", out var ip) && ip.ValueKind == JsonValueKind.String)
        {
            w.WriteStartObject("source");
            w.WritePropertyName("ip");
            ip.WriteTo(w);
            if (Get(context, "country", out var country) && country.ValueKind == JsonValueKind.String)
            {
                w.WriteStartObject("geo");
                w.WritePropertyName("country_iso_code");
                country.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (Get(context, "user_agent", out var ua) && ua.ValueKind == JsonValueKind.String)
        {
            w.WriteStartObject("user_agent");
            w.WritePropertyName("original");
            ua.WriteTo(w);
            w.WriteEndObject();
        }

        if (Get(context, "device_id", out var device) && device.ValueKind == JsonValueKind.String)
        {
            w.WriteStartObject("device");
            w.WritePropertyName("id");
            device.WriteTo(w);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static bool Get(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Copies a scalar (string, number or boolean) as ECS reads labels; objects and arrays are ignored.</summary>
    private static bool CopyString(Utf8JsonWriter w, string target, JsonElement obj, string name)
    {
        if (!Get(obj, name, out var value) || value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return false;
        }

        w.WritePropertyName(target);
        value.WriteTo(w);
        return true;
    }
}
