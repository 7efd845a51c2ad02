using System.Text.Json;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.Authzen;

/// <summary>The OpenID AuthZEN Authorization API 1.0 endpoints (access evaluation, batch evaluations, PDP metadata).</summary>
internal static class AuthzenEndpoints
{
    public static IEndpointRouteBuilder MapAuthzen(this IEndpointRouteBuilder app)
    {
        var access = app.MapGroup("/access/v1").RequireScope(Scopes.Evaluate).WithTags("AuthZEN");
        access.MapPost("/evaluation", Evaluation).WithSummary("Access evaluation (AuthZEN 1.0 Access Evaluation API)");
        access.MapPost("/evaluations", Evaluations).WithSummary("Batch access evaluations (AuthZEN 1.0 Access Evaluations API)");
        app.MapGet("/.well-known/authzen-configuration", (HttpContext context) => Metadata(context)).AllowAnonymous().WithTags("AuthZEN").WithSummary("PDP metadata (AuthZEN 1.0 PDP metadata)");
        return app;
    }

    private static async Task Evaluation(HttpContext context, EvaluationService service, ServerOptions options)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, options.MaxEvaluationBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            await EvaluateOne(context, document!.RootElement, service, options).ConfigureAwait(false);
        }
    }

    private static async Task Evaluations(HttpContext context, EvaluationService service, ServerOptions options)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, options.MaxEvaluationBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await HttpJson.BadRequest("the request must be a JSON object").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            bool hasItems = root.TryGetProperty("evaluations", out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0;
            if (!hasItems)
            {
                // No (or an empty) evaluations array: the request is a single evaluation (AuthZEN 1.0, Access Evaluations API request).
                await EvaluateOne(context, root, service, options).ConfigureAwait(false);
                return;
            }

            if (items.GetArrayLength() > options.MaxEvaluationsPerRequest)
            {
                await HttpJson.BadRequest(FormattableString.Invariant($"evaluations has {items.GetArrayLength()} items; at most {options.MaxEvaluationsPerRequest} are accepted")).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (!AuthzenParser.TryParseDefaults(root, out var defaults, out string? error) || !AuthzenParser.TryParseSemantic(root, out var semantic, out error))
            {
                await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // Every item is parsed and mapped before any is decided: a malformed batch decides, learns and audits nothing.
            var prepared = new List<PreparedEvaluation>(items.GetArrayLength());
            int index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (!AuthzenParser.TryParseEvaluation(item, defaults, AuthzenParser.Item(index), out var evaluation, out error))
                {
                    await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (!service.TryPrepare(evaluation!, out var one, out error))
                {
                    await HttpJson.BadRequest(AuthzenParser.Item(index) + error).ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                prepared.Add(one);
                index++;
            }

            string? requestId = RequestId(context);
            var results = new List<EvaluationResult>(prepared.Count);
            var audits = new List<Task>(prepared.Count);
            foreach (var one in prepared)
            {
                var result = await service.DecideAsync(one, requestId, audits).ConfigureAwait(false);
                results.Add(result);
                bool permitted = DecisionMapper.IsPermitted(result.Decision);
                if ((semantic == EvaluationsSemantic.DenyOnFirstDeny && !permitted) || (semantic == EvaluationsSemantic.PermitOnFirstPermit && permitted))
                {
                    break;
                }
            }

            await Task.WhenAll(audits).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (results, options.BareDecisions), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("evaluations");
                foreach (var r in s.results)
                {
                    DecisionMapper.Write(w, in r, s.BareDecisions);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    private static async Task EvaluateOne(HttpContext context, JsonElement root, EvaluationService service, ServerOptions options)
    {
        if (!AuthzenParser.TryParseEvaluation(root, null, "", out var evaluation, out string? error))
        {
            await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (result, mapError) = await service.EvaluateAsync(evaluation!, RequestId(context)).ConfigureAwait(false);
        if (mapError is not null)
        {
            await HttpJson.BadRequest(mapError!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (result, options.BareDecisions), static (w, s) => DecisionMapper.Write(w, in s.result, s.BareDecisions)).ConfigureAwait(false);
    }

    private static IResult Metadata(HttpContext context)
    {
        string pdp = context.Request.Scheme + "://" + context.Request.Host.Value;
        return Results.Json(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy_decision_point"] = pdp,
            ["access_evaluation_endpoint"] = pdp + "/access/v1/evaluation",
            ["access_evaluations_endpoint"] = pdp + "/access/v1/evaluations",
            ["search_subject_endpoint"] = pdp + "/access/v1/search/subject",
            ["search_resource_endpoint"] = pdp + "/access/v1/search/resource",
            ["search_action_endpoint"] = pdp + "/access/v1/search/action",
        }, ServerJsonContext.Default.DictionaryStringString);
    }

    private static string? RequestId(HttpContext context) =>
        context.Request.Headers.TryGetValue("X-Request-ID", out var id) && id.Count > 0 ? id[0] : null;
}
