using System.Globalization;
using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>
/// Reads AuthZEN requests from parsed JSON. Unknown fields are ignored (AuthZEN 1.0, Information Model); a missing subject,
/// action or resource, or a missing <c>type</c>/<c>id</c>/<c>name</c>, is a malformed request (400) with a message
/// that names the field.
/// </summary>
internal static class AuthzenParser
{
    public static bool TryParseEvaluation(JsonElement root, AuthzenDefaults? defaults, string prefix, out AuthzenEvaluation? evaluation, out string? error)
    {
        evaluation = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = prefix + "the request must be a JSON object";
            return false;
        }

        if (!TryEntity(root, "subject", prefix, out var subject, out error)
            || !TryAction(root, prefix, out var action, out error)
            || !TryEntity(root, "resource", prefix, out var resource, out error))
        {
            return false;
        }

        subject ??= defaults?.Subject;
        action ??= defaults?.Action;
        resource ??= defaults?.Resource;
        var context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : defaults?.Context ?? default;
        string? missing = subject is null ? "subject" : action is null ? "action" : resource is null ? "resource" : null;
        if (missing is not null)
        {
            error = prefix + missing + " is missing";
            return false;
        }

        evaluation = new AuthzenEvaluation(subject!, action!, resource!, context);
        return true;
    }

    /// <summary>The top-level defaults of a batch: each present part must be well formed, but any may be absent.</summary>
    public static bool TryParseDefaults(JsonElement root, out AuthzenDefaults? defaults, out string? error)
    {
        defaults = null;
        if (!TryEntity(root, "subject", "", out var subject, out error)
            || !TryAction(root, "", out var action, out error)
            || !TryEntity(root, "resource", "", out var resource, out error))
        {
            return false;
        }

        var context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        defaults = new AuthzenDefaults(subject, action, resource, context);
        return true;
    }

    public static bool TryParseSemantic(JsonElement root, out EvaluationsSemantic semantic, out string? error)
    {
        semantic = EvaluationsSemantic.ExecuteAll;
        error = null;
        if (!root.TryGetProperty("options", out var options) || options.ValueKind != JsonValueKind.Object
            || !options.TryGetProperty("evaluations_semantic", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "execute_all": semantic = EvaluationsSemantic.ExecuteAll; return true;
            case "deny_on_first_deny": semantic = EvaluationsSemantic.DenyOnFirstDeny; return true;
            case "permit_on_first_permit": semantic = EvaluationsSemantic.PermitOnFirstPermit; return true;
            default:
                error = "options.evaluations_semantic must be execute_all, deny_on_first_deny or permit_on_first_permit";
                return false;
        }
    }

    private static bool TryEntity(JsonElement root, string name, string prefix, out AuthzenEntity? entity, out string? error)
    {
        entity = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = prefix + name + " must be an object with type and id";
            return false;
        }

        if (!TryString(element, "type", out string? type))
        {
            error = prefix + name + ".type is missing or not a non-empty string";
            return false;
        }

        if (!TryString(element, "id", out string? id))
        {
            error = prefix + name + ".id is missing or not a non-empty string";
            return false;
        }

        entity = new AuthzenEntity(type!, id!, element.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default);
        return true;
    }

    private static bool TryAction(JsonElement root, string prefix, out AuthzenAction? action, out string? error)
    {
        action = null;
        error = null;
        if (!root.TryGetProperty("action", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object || !TryString(element, "name", out string? name))
        {
            error = prefix + "action.name is missing or not a non-empty string";
            return false;
        }

        action = new AuthzenAction(name!, element.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default);
        return true;
    }

    private static bool TryString(JsonElement element, string name, out string? value)
    {
        value = element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return !string.IsNullOrEmpty(value);
    }

    public static string Item(int index) => string.Create(CultureInfo.InvariantCulture, $"evaluations[{index}]: ");
}
