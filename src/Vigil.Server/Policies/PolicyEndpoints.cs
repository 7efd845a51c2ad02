using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Policies;

/// <summary>
/// Policy administration (admin scope): read the current document, list and read versions, validate, replace and
/// roll back. Documents are stored as text; <see cref="ServerOptions.PolicyValidator"/> checks them and
/// <see cref="ServerOptions.PolicyFactory"/> turns the stored one into the policy in force. A rollback stores the
/// old text as a new version, so history is never rewritten.
/// </summary>
internal static class PolicyEndpoints
{
    private const int MaxDocumentBytes = 4 << 20;

    public static IEndpointRouteBuilder MapPolicies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/policy").RequireAuthorization(Scopes.Admin).WithTags("Policy");
        group.MapGet("", Current).WithSummary("The policy document in force");
        group.MapPut("", Replace).WithSummary("Replace the policy document (body: the document text; ?comment=)");
        group.MapPost("/validate", Validate).WithSummary("Validate a document without storing it");
        group.MapGet("/versions", History).WithSummary("Version history, newest first");
        group.MapGet("/versions/{version:long}", Version).WithSummary("One stored version");
        group.MapPost("/rollback/{version:long}", Rollback).WithSummary("Make an earlier version current again (stored as a new version)");
        return app;
    }

    private static IResult Current(VigilStore store, PolicyHolder holder)
    {
        var current = store.GetPolicy();
        return current is null
            ? Results.Problem(detail: "No policy document is stored; the shipped default policy (default-1, monitor mode) is in force.", statusCode: StatusCodes.Status404NotFound, title: "No policy document")
            : Write(current, holder);
    }

    private static IResult Version(long version, VigilStore store, PolicyHolder holder)
    {
        var stored = store.GetPolicy(version);
        return stored is null ? Results.Problem(detail: "No such version.", statusCode: StatusCodes.Status404NotFound, title: "Unknown version") : Write(stored, holder);
    }

    private static JsonResult History(VigilStore store, PolicyHolder holder)
    {
        var versions = store.PolicyHistory();
        return new JsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("current", holder.Version);
            w.WriteStartArray("versions");
            foreach (var v in versions)
            {
                w.WriteStartObject();
                w.WriteNumber("version", v.Version);
                w.WriteString("author", v.Author);
                w.WriteNumber("created_ms", v.CreatedMs);
                w.WriteString("comment", v.Comment);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Validate(HttpContext context, PolicyHolder holder)
    {
        var (text, problem) = await ReadText(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = holder.Validate(text!);
        return new JsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", errors.Count == 0);
            WriteErrors(w, errors);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Replace(HttpContext context, string? comment, VigilStore store, PolicyHolder holder, ILogger<PolicyHolder> logger)
    {
        var (text, problem) = await ReadText(context).ConfigureAwait(false);
        return problem ?? Store(text!, comment, context, store, holder, logger);
    }

    private static IResult Rollback(long version, HttpContext context, VigilStore store, PolicyHolder holder, ILogger<PolicyHolder> logger)
    {
        var stored = store.GetPolicy(version);
        return stored is null
            ? Results.Problem(detail: "No such version.", statusCode: StatusCodes.Status404NotFound, title: "Unknown version")
            : Store(stored.Document, FormattableString.Invariant($"rollback to version {version}"), context, store, holder, logger);
    }

    private static JsonResult Store(string text, string? comment, HttpContext context, VigilStore store, PolicyHolder holder, ILogger logger)
    {
        var errors = holder.Validate(text);
        if (errors.Count > 0)
        {
            return new JsonResult(w =>
            {
                w.WriteStartObject();
                w.WriteString("title", "The policy document is invalid; nothing was stored.");
                WriteErrors(w, errors);
                w.WriteEndObject();
            }, StatusCodes.Status422UnprocessableEntity);
        }

        var saved = store.SavePolicy(text, Scopes.CallerName(context.User), comment);
        holder.Activate(saved);
        Log.PolicyActivated(logger, saved.Version);
        return Write(saved, holder);
    }

    private static JsonResult Write(PolicyVersion v, PolicyHolder holder) => new JsonResult(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("version", v.Version);
        w.WriteBoolean("in_force", v.Version == holder.Version);
        w.WriteString("author", v.Author);
        w.WriteNumber("created_ms", v.CreatedMs);
        w.WriteString("comment", v.Comment);
        w.WriteString("document", v.Document);
        w.WriteEndObject();
    });

    private static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<string> errors)
    {
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStringValue(e);
        }

        w.WriteEndArray();
    }

    private static async Task<(string? Text, IResult? Problem)> ReadText(HttpContext context)
    {
        var (bytes, problem) = await HttpJson.ReadBytesAsync(context, MaxDocumentBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            return (new UTF8Encoding(false, true).GetString(bytes!), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, HttpJson.BadRequest("The document is not UTF-8 text."));
        }
    }
}
