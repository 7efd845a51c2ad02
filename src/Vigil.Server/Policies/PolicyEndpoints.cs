using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Policies;

/// <summary>
/// Policy administration (admin scope): read the current rules document, list and read versions, validate, replace and
/// roll back; the data document has its own routes (<see cref="PolicyDataEndpoints"/>). A version is rules plus data:
/// replacing the rules keeps the data in force, and a rollback restores both and is stored as a new version, so
/// history is never rewritten. <see cref="ServerOptions.PolicyValidator"/> and <see cref="ServerOptions.PolicyFactory"/>
/// replace the built-in language when set.
/// </summary>
internal static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/policy").RequireScope(Scopes.Admin).WithTags("Policy");
        group.MapGet("", Current).WithSummary("The policy document in force");
        group.MapPut("", Replace).WithSummary("Replace the policy document, keeping the data in force (body: the document text; ?comment=)");
        group.MapPost("/validate", Validate).WithSummary("Validate a document without storing it");
        group.MapGet("/versions", History).WithSummary("Version history, newest first");
        group.MapGet("/versions/{version:long}", Version).WithSummary("One stored version: rules and data");
        group.MapPost("/rollback/{version:long}", Rollback).WithSummary("Make an earlier version (rules and data) current again (stored as a new version)");
        group.MapPolicyData();
        return app;
    }

    private static IResult Current(VigilStore store, PolicyHolder holder)
    {
        var current = store.GetPolicy();
        return current is null
            ? Results.Problem(detail: "No policy document is stored; the shipped default policy (default-1, monitor mode) is in force.", statusCode: StatusCodes.Status404NotFound, title: "No policy document")
            : PolicyJson.Version(current, holder.Version, document: true, data: false);
    }

    private static IResult Version(long version, VigilStore store, PolicyHolder holder) =>
        store.GetPolicy(version) is { } stored ? PolicyJson.Version(stored, holder.Version, document: true, data: true) : PolicyJson.UnknownVersion(version);

    private static JsonResult History(VigilStore store, PolicyHolder holder)
    {
        var versions = store.PolicyHistory();
        long current = holder.Version;
        return new JsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("current", current);
            w.WriteStartArray("versions");
            foreach (var v in versions)
            {
                w.WriteStartObject();
                w.WriteNumber("version", v.Version);
                w.WriteString("author", v.Author);
                w.WriteNumber("created_ms", v.CreatedMs);
                w.WriteString("comment", v.Comment);
                w.WriteBoolean("has_data", v.Data is not null);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Checks the rules together with the data in force, as a replacement would.</summary>
    private static async Task<IResult> Validate(HttpContext context, VigilStore store, PolicyHolder holder)
    {
        var (text, problem) = await PolicyChange.ReadTextAsync(context).ConfigureAwait(false);
        return problem ?? PolicyJson.Validation(holder.Validate(text!, holder.AcceptsData ? store.GetPolicy()?.Data : null));
    }

    private static async Task<IResult> Replace(HttpContext context, string? comment, VigilStore store, PolicyHolder holder, ILogger<PolicyHolder> logger)
    {
        var (text, problem) = await PolicyChange.ReadTextAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (holder.EnterChange())
        {
            // The new rules go with the data in force: data is managed on its own and must survive a rules change.
            return PolicyChange.Apply(text!, store.GetPolicy()?.Data, comment, "The policy document is invalid; nothing was stored.", answerData: false,
                context, store, holder, logger);
        }
    }

    private static IResult Rollback(long version, HttpContext context, VigilStore store, PolicyHolder holder, ILogger<PolicyHolder> logger)
    {
        using (holder.EnterChange())
        {
            var stored = store.GetPolicy(version);
            return stored is null
                ? PolicyJson.UnknownVersion(version)
                : PolicyChange.Apply(stored.Document, stored.Data, FormattableString.Invariant($"rollback to version {version}"),
                    "The stored version no longer compiles; nothing was stored.", answerData: false, context, store, holder, logger);
        }
    }
}
