using System.Text.Json;
using Vigil.Server.Http;
using Vigil.Storage;

namespace Vigil.Server.Policies;

/// <summary>The answers of the policy endpoints: a stored version, a validation, a refusal.</summary>
internal static class PolicyJson
{
    /// <summary>
    /// A stored version's metadata, with the rules text when <paramref name="document"/> and the data text (null when
    /// the version has none) when <paramref name="data"/>. Rules answers leave the data out: it can be megabytes.
    /// </summary>
    public static JsonResult Version(PolicyVersion v, long inForce, bool document, bool data) => new(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("version", v.Version);
        w.WriteBoolean("in_force", v.Version == inForce);
        w.WriteString("author", v.Author);
        w.WriteNumber("created_ms", v.CreatedMs);
        w.WriteString("comment", v.Comment);
        w.WriteBoolean("has_data", v.Data is not null);
        if (document)
        {
            w.WriteString("document", v.Document);
        }

        if (data)
        {
            w.WriteString("data", v.Data);
        }

        w.WriteEndObject();
    });

    public static JsonResult Validation(IReadOnlyList<string> errors) => new(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("valid", errors.Count == 0);
        WriteErrors(w, errors);
        w.WriteEndObject();
    });

    /// <summary>422 with every problem: the request was well-formed, the document it carries is not acceptable.</summary>
    public static JsonResult Invalid(string title, IReadOnlyList<string> errors) => new(w =>
    {
        w.WriteStartObject();
        w.WriteString("title", title);
        WriteErrors(w, errors);
        w.WriteEndObject();
    }, StatusCodes.Status422UnprocessableEntity);

    public static IResult UnknownVersion(long version) =>
        Results.Problem(detail: FormattableString.Invariant($"No policy version {version} is stored; GET /v1/policy/versions lists them."),
            statusCode: StatusCodes.Status404NotFound, title: "Unknown version");

    private static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<string> errors)
    {
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStringValue(e);
        }

        w.WriteEndArray();
    }
}
