using System.Text.Json;
using Vigil.Cel;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Authzen;

/// <summary>
/// Turns an AuthZEN evaluation into the ECS event the engine reads (docs/server.md lists the mapping). One mapping
/// feeds either sink: an observed request is written as ECS JSON (dotted keys) and read by the same
/// <see cref="EcsEventReader"/> as ingestion, so it is journaled as the exact bytes replayed after a restart; a bare
/// question goes straight into an <see cref="EcsEventBuilder"/>, which applies the reader's conversions field by field.
/// </summary>
internal static class EvaluationMapper
{
    // Context members that are telemetry: a request carrying any of them is an observation, not a bare question.
    private static readonly string[] TelemetryKeys = ["ip", "user_agent", "device_id", "session_id"];

    [ThreadStatic]
    private static JsonSink? t_json;

    [ThreadStatic]
    private static BuilderSink? t_builder;

    [ThreadStatic]
    private static EcsEventReader? t_reader;

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

    /// <summary>
    /// Maps and parses; <paramref name="ecs"/> is the ECS JSON (valid until the next call on this thread). For a
    /// request that is journaled: the bytes written are the bytes replayed.
    /// </summary>
    public static bool TryMap(AuthzenEvaluation evaluation, long nowMs, out TelemetryEvent telemetryEvent, out ReadOnlySpan<byte> ecs, out string? error)
    {
        if (!CheckAction(evaluation, out error))
        {
            telemetryEvent = default;
            ecs = default;
            return false;
        }

        var sink = t_json ??= new JsonSink();
        sink.Start();
        Map(sink, evaluation, nowMs);
        ecs = sink.Finish();

        var reader = t_reader ??= new EcsEventReader();
        return Finish(reader.TryRead(ecs, out telemetryEvent, out error), evaluation, ref telemetryEvent, ref error);
    }

    /// <summary>
    /// Maps without writing ECS JSON, for a request that is only assessed (nothing is journaled): the same mapping and
    /// the same field conversions as <see cref="TryMap(AuthzenEvaluation, long, out TelemetryEvent, out ReadOnlySpan{byte}, out string?)"/>,
    /// a third of the cost.
    /// </summary>
    public static bool TryMap(AuthzenEvaluation evaluation, long nowMs, out TelemetryEvent telemetryEvent, out string? error)
    {
        if (!CheckAction(evaluation, out error))
        {
            telemetryEvent = default;
            return false;
        }

        var sink = t_builder ??= new BuilderSink();
        sink.Start();
        Map(sink, evaluation, nowMs);
        return Finish(sink.Builder.TryBuild(out telemetryEvent, out error), evaluation, ref telemetryEvent, ref error);
    }

    /// <summary>
    /// <c>context.event_action</c> may only say which kind of access is asked about (issue 11, defect 1). Any other
    /// kind would reach a path no policy decides: a sign-out or posture report is "not an access" and an MFA result
    /// releases held-out sign-ins into the baseline, so a caller could choose its own permit or teach the engine.
    /// Those events come through ingestion (<c>/v1/events</c>, ingest scope).
    /// </summary>
    private static bool CheckAction(AuthzenEvaluation evaluation, out string? error)
    {
        error = null;
        if (Get(evaluation.Context, "event_action", out var action) && action.ValueKind != JsonValueKind.String)
        {
            error = "context.event_action must be a string naming an access: " + AccessActions;
            return false;
        }

        return true;
    }

    private const string AccessActions = "sign-in, token-use, resource-access or api-call (or a synonym; docs/telemetry.md); other events go to /v1/events";

    private static bool Finish(bool built, AuthzenEvaluation evaluation, ref TelemetryEvent telemetryEvent, ref string? error)
    {
        if (built && !telemetryEvent.IsAccessAttempt)
        {
            // The one place an AuthZEN request gets its kind: whatever the action says, it must be an access question.
            string said = Get(evaluation.Context, "event_action", out var action) && action.ValueKind == JsonValueKind.String ? action.GetString()! : "";
            error = "context.event_action '" + (said.Length > 64 ? said[..64] + "..." : said) + "' is not an access: an AuthZEN request asks about " + AccessActions;
            telemetryEvent = default;
            return false;
        }

        if (built)
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

    /// <summary>The one mapping from AuthZEN to ECS fields (docs/server.md), whichever sink receives it.</summary>
    private static void Map(IEcsFieldSink w, AuthzenEvaluation ev, long nowMs)
    {
        var context = ev.Context;
        var subjectProps = ev.Subject.Properties;
        if (Get(context, "time", out var time) && time.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            w.Value("@timestamp", time);
        }
        else
        {
            w.Number("@timestamp", nowMs);
        }

        Copy(w, "event.id", context, "event_id");
        if (!Copy(w, "event.action", context, "event_action"))
        {
            w.Text("event.action", "resource-access");
        }

        Copy(w, "event.outcome", context, "outcome");
        w.Text("user.id", ev.Subject.Id);
        Copy(w, "user.name", subjectProps, "name");
        Copy(w, "user.email", subjectProps, "email");
        if (Get(subjectProps, "roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            w.Value("user.roles", roles);
        }

        if (Get(subjectProps, "group", out var group) && group.ValueKind == JsonValueKind.String)
        {
            w.Value("user.group.name", group);
        }

        w.Text("labels.identity_kind", ev.Subject.Type);
        Copy(w, "labels.department", subjectProps, "department");
        Copy(w, "labels.peer_group", subjectProps, "peer_group");
        if (!Copy(w, "labels.tenant", subjectProps, "tenant"))
        {
            Copy(w, "labels.tenant", context, "tenant");
        }

        Copy(w, "labels.on_behalf_of", subjectProps, "on_behalf_of");
        w.Text("labels.resource_id", ev.Resource.Id);
        w.Text("labels.resource_type", ev.Resource.Type);
        Copy(w, "labels.acr", context, "acr");
        w.Text("labels.resource_action", ev.Action.Name);
        Copy(w, "labels.resource_sensitivity", ev.Resource.Properties, "sensitivity");
        Copy(w, "labels.session_id", context, "session_id");
        Copy(w, "labels.token_id", context, "token_id");
        Copy(w, "labels.auth_method", context, "auth_method");
        Copy(w, "labels.mfa_method", context, "mfa_method");
        Copy(w, "labels.mfa_result", context, "mfa_result");
        Copy(w, "labels.device_compliant", context, "device_compliant");
        Copy(w, "labels.device_managed", context, "device_managed");
        if (Get(context, "ip", out var ip) && ip.ValueKind == JsonValueKind.String)
        {
            w.Value("source.ip", ip);
            if (Get(context, "country", out var country) && country.ValueKind == JsonValueKind.String)
            {
                w.Value("source.geo.country_iso_code", country);
            }
        }

        if (Get(context, "user_agent", out var ua) && ua.ValueKind == JsonValueKind.String)
        {
            w.Value("user_agent.original", ua);
        }

        if (Get(context, "device_id", out var device) && device.ValueKind == JsonValueKind.String)
        {
            w.Value("device.id", device);
        }
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
    private static bool Copy(IEcsFieldSink w, string path, JsonElement obj, string name)
    {
        if (!Get(obj, name, out var value) || value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return false;
        }

        w.Value(path, value);
        return true;
    }
}
