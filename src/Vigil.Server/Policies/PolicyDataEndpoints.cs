using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Policies;

/// <summary>
/// Policy data administration (admin scope, under <c>/v1/policy</c>): the subjects and resources (with their attributes)
/// that conditions read, managed apart from the rules as OPA separates data from policy. Replacing the data stores a new
/// policy version (the current rules with the new data), so <c>/v1/policy/versions</c> and <c>/v1/policy/rollback</c>
/// cover data too, and the version on a decision names both. The document has the shape of a rules document's
/// <c>data:</c> section (docs/policies.md) and is laid over it, winning per id.
/// </summary>
internal static class PolicyDataEndpoints
{
    public static IEndpointRouteBuilder MapPolicyData(this IEndpointRouteBuilder group)
    {
        group.MapGet("/data", Current).WithSummary("The policy data document in force, as stored");
        group.MapPut("/data", Replace).WithSummary("Replace the policy data (body: YAML or JSON; ?comment=); stored as a new policy version");
        group.MapPost("/data/validate", Validate).WithSummary("Validate a data document against the rules in force without storing it");
        return group;
    }

    private static IResult Current(VigilStore store, PolicyHolder holder)
    {
        var current = store.GetPolicy();
        if (current?.Data is null)
        {
            string detail = current is null
                ? "No policy is stored; the shipped default policy is in force and has no data."
                : FormattableString.Invariant($"Policy version {current.Version} has no data document; its conditions see only the rules document's own 'data:' section. PUT /v1/policy/data stores one.");
            return Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "No policy data");
        }

        return PolicyJson.Version(current, holder.Version, document: false, data: true);
    }

    private static async Task<IResult> Validate(HttpContext context, VigilStore store, PolicyHolder holder)
    {
        var (text, problem) = await PolicyChange.ReadTextAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Unsupported(holder) is { } unsupported)
        {
            return unsupported;
        }

        // Against the stored rules when there are any (what a replacement would compile), else the data alone.
        var rules = store.GetPolicy()?.Document;
        return PolicyJson.Validation(rules is null ? PolicyHolder.ValidateData(text!) : holder.Validate(rules, text));
    }

    private static async Task<IResult> Replace(HttpContext context, string? comment, VigilStore store, PolicyHolder holder, ILogger<PolicyHolder> logger)
    {
        var (text, problem) = await PolicyChange.ReadTextAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Unsupported(holder) is { } unsupported)
        {
            return unsupported;
        }

        using (holder.EnterChange())
        {
            var current = store.GetPolicy();
            if (current is null)
            {
                // Data is versioned with the rules that read it; the shipped default is not a stored document to pair it with.
                return Results.Problem(
                    detail: "No policy document is stored (the shipped default policy is in force). Store one with PUT /v1/policy first: data is versioned together with the rules that use it.",
                    statusCode: StatusCodes.Status409Conflict, title: "No policy to attach data to");
            }

            return PolicyChange.Apply(current.Document, text, comment ?? "replace policy data", "The policy data is invalid; nothing was stored.", answerData: true,
                context, store, holder, logger);
        }
    }

    private static IResult? Unsupported(PolicyHolder holder) => holder.AcceptsData ? null : Results.Problem(
        detail: "This server builds its policy with a custom PolicyFactory, which receives only the rules document: policy data would have no effect.",
        statusCode: StatusCodes.Status409Conflict, title: "Policy data not supported");
}
