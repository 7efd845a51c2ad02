using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Server.Composition;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.Authzen;

/// <summary>
/// AuthZEN search (AuthZEN 1.0, "Search APIs"): which subjects may do the action on the resource, which resources the
/// subject may act on, which actions the subject may take on the resource. The candidates come from the policy in
/// force (<see cref="SearchCandidates"/>: the data's subjects and resources, the actions its rules grant); each is
/// decided as a bare evaluation would be (the same mapping, the engine's assessment, the policy in force) and kept when
/// the decision is true. A search only asks: it never journals, learns or writes decision records, whatever the
/// context carries, so listing who may do something leaves no trace in anyone's baseline. Paged by
/// <see cref="SearchPaging"/>.
/// </summary>
internal static class SearchEndpoints
{
    /// <summary>A stand-in candidate that checks the request maps (its context) before any candidate is decided.</summary>
    private const string Probe = "-";

    public static IEndpointRouteBuilder MapAuthzenSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/access/v1/search").RequireScope(Scopes.Evaluate).WithTags("AuthZEN");
        search.MapPost("/subject", (HttpContext c, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, e, p, o, SearchKind.Subject))
            .WithSummary("Subject search (AuthZEN 1.0 Subject Search API)");
        search.MapPost("/resource", (HttpContext c, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, e, p, o, SearchKind.Resource))
            .WithSummary("Resource search (AuthZEN 1.0 Resource Search API)");
        search.MapPost("/action", (HttpContext c, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, e, p, o, SearchKind.Action))
            .WithSummary("Action search (AuthZEN 1.0 Action Search API)");
        return app;
    }

    /// <summary>
    /// Whether a candidate is permitted: a candidate that does not map, or whose decision fails, is not listed. In a
    /// segment composed with an upstream PDP the upstream is asked too, so nothing it denies is listed.
    /// </summary>
    private static async ValueTask<bool> PermittedAsync(AuthzenEvaluation question, long now, EngineHost engine, IDecisionPolicy policy, UpstreamPdpClient? upstream, ILogger logger)
    {
        if (!EvaluationMapper.TryMap(question, now, out var request, out _))
        {
            return false;
        }

        Decision decision;
        RiskAssessment assessment;
        try
        {
            assessment = engine.Assess(request, out var enriched);
            decision = policy.Decide(enriched, assessment);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AuthzenLog.DecisionFailed(logger, e);
            return false;
        }

        (decision, _) = await DecisionComposer.ComposeAsync(upstream, question, assessment, decision).ConfigureAwait(false);
        return DecisionMapper.IsPermitted(decision);
    }

    private static async Task Search(HttpContext context, EngineHost engine, PolicyHolder holder, ServerOptions options, SearchKind kind)
    {
        var logger = context.RequestServices.GetRequiredService<ILogger<EvaluationService>>();
        var upstream = context.RequestServices.GetService<UpstreamPdpClient>();
        var (document, problem) = await HttpJson.ReadAsync(context, options.MaxEvaluationBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!SearchRequest.TryParse(root, kind, out var request, out string? error) || !SearchPaging.TryReadPage(root, out int limit, out string? token, out error))
            {
                await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // One read: the candidates, every decision and the token's version all come from the same version.
            var current = holder.Current;
            var candidates = SearchCandidates.Of(current.Policy).For(kind, request!.Type);
            ulong fingerprint = request.Fingerprint();
            long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!SearchPaging.TryResume(token, kind, current.Version, fingerprint, candidates.Count, out int start, out error)
                || !EvaluationMapper.TryMap(request.For(Probe), now, out _, out error))
            {
                await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var results = new List<string>(Math.Min(limit, 64));
            int end = (int)Math.Min(candidates.Count, (long)start + SearchPaging.MaxExaminedPerPage);
            int next = start;
            while (next < end && results.Count < limit)
            {
                string candidate = candidates[next++];
                if (await PermittedAsync(request.For(candidate), now, engine, current.Policy, upstream, logger).ConfigureAwait(false))
                {
                    results.Add(candidate);
                }
            }

            string nextToken = next < candidates.Count ? SearchPaging.Encode(kind, current.Version, fingerprint, next) : "";
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (results, nextToken, kind, type: request.Type), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("results");
                foreach (string id in s.results)
                {
                    w.WriteStartObject();
                    if (s.kind == SearchKind.Action)
                    {
                        w.WriteString("name", id);
                    }
                    else
                    {
                        w.WriteString("type", s.type);
                        w.WriteString("id", id);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("page");
                w.WriteString("next_token", s.nextToken);
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }
}
