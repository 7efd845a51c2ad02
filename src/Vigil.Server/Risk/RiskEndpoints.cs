using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Risk;

/// <summary>
/// <c>GET /v1/risk/{id}</c>: Vigil as a policy information point beside another PDP (issue 18, item 2). An OPA policy
/// (<c>http.send</c>), a Cedar or Verified Permissions caller filling a context attribute, or Cerbos auxiliary data
/// asks for an identity's current risk: score, level, identity risk and the strongest reasons, and the assurance Vigil's
/// policy would need for the access named by the optional <c>action</c>, <c>resource_type</c> and <c>resource_id</c>
/// (step-up with <c>acr_values</c>/<c>max_age</c>, limit or deny). The answer is assessed like a bare AuthZEN question:
/// nothing is learned, journaled or audited, so a PIP call costs about what an assessment costs. It is cacheable for a
/// few seconds (<c>Cache-Control: private, max-age</c>) with an <c>ETag</c>, so a policy engine's HTTP cache answers
/// repeated questions with 304s.
/// </summary>
internal static class RiskEndpoints
{
    /// <summary>How long a cache may reuse an answer: risk moves with every event, so only briefly.</summary>
    public const int MaxAgeSeconds = 5;

    public static IEndpointRouteBuilder MapRisk(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/risk/{id}", Risk).RequireScope(Scopes.Evaluate).WithTags("Risk")
            .WithSummary("An identity's current risk and the assurance the policy needs: a policy information point for another PDP");
        app.MapGet("/v1/risk/{id}/claim", Claim).RequireScope(Scopes.Evaluate).WithTags("Risk")
            .WithSummary("The same as a signed short-lived JWT (typ risk+jwt) for the consumer named by aud");
        return app;
    }

    private static async Task Risk(HttpContext context, string id, string? tenant, string? action, string? resource_type, string? resource_id,
        EngineHost engine, PolicyHolder policy, EvaluationService evaluations, ServerOptions options)
    {
        var answer = await AssessAsync(context, id, tenant, action, resource_type, resource_id, engine, policy, evaluations).ConfigureAwait(false);
        if (answer is not { } a)
        {
            return;
        }

        var body = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("tenant", a.Tenant);
            w.WriteBoolean("known", a.Known);
            w.WriteNumber("score", a.Assessment.Score);
            w.WriteString("level", DecisionMapper.LevelText(a.Assessment.Level));
            w.WriteNumber("identity_risk", Math.Round(a.Assessment.IdentityRisk, 3));
            w.WriteStartArray("reasons");
            for (int i = 0; i < Math.Min(a.Assessment.FactorCount, DecisionMapper.MaxReasons); i++)
            {
                var f = a.Assessment.Factor(i);
                w.WriteStartObject();
                w.WriteString("code", f.CodeText);
                w.WriteString("detail", f.Describe());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteAssurance(w, a.Decision);
            w.WriteNumber("policy_version", a.PolicyVersion);
            w.WriteEndObject();
        }

        string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body.WrittenSpan).AsSpan(0, 12)) + "\"";
        var headers = context.Response.Headers;
        headers.CacheControl = "private, max-age=" + MaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
        headers.ETag = etag;
        headers.Vary = "Authorization, X-API-Key";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /v1/risk/{id}/claim?aud=...</c>: the same answer as a signed, short-lived JWT (<see cref="RiskClaim"/>)
    /// for the one consumer named by <c>aud</c>. Never cached: each claim has its own <c>jti</c> and expiry.
    /// </summary>
    private static async Task Claim(HttpContext context, string id, string? aud, string? tenant, string? action, string? resource_type, string? resource_id,
        EngineHost engine, PolicyHolder policy, EvaluationService evaluations, ServerOptions options, SsfKeyRing keys, SsfTransmitter transmitter)
    {
        string? audProblem = string.IsNullOrEmpty(aud) ? "aud is missing: name the consumer the claim is for (its client id or URL)." : Checked("aud", aud);
        if (audProblem is not null)
        {
            await HttpJson.BadRequest(audProblem).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var answer = await AssessAsync(context, id, tenant, action, resource_type, resource_id, engine, policy, evaluations).ConfigureAwait(false);
        if (answer is not { } a)
        {
            return;
        }

        long now = options.Time.GetUtcNow().ToUnixTimeSeconds();
        string token = RiskClaim.Sign(keys.Current(), transmitter.Issuer, aud!, id, a.Tenant, now, options.RiskClaimTtlSeconds, a.Assessment, a.Decision, a.PolicyVersion);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/jwt";
        await context.Response.WriteAsync(token, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>What the policy needs for the access, whatever the rollout mode: a PDP that consults Vigil enforces it itself.</summary>
    internal static void WriteAssurance(Utf8JsonWriter w, in Decision decision)
    {
        w.WriteStartObject("assurance");
        w.WriteString("outcome", DecisionMapper.OutcomeText(decision.WouldBe));
        if (decision.WouldBe == DecisionOutcome.StepUp)
        {
            if (decision.AcrValues is not null)
            {
                w.WriteString("acr_values", decision.AcrValues);
            }

            if (decision.MaxAgeSeconds is int maxAge)
            {
                w.WriteNumber("max_age", maxAge);
            }
        }

        w.WriteEndObject();
    }

    private readonly record struct Assessed(string Tenant, bool Known, RiskAssessment Assessment, Decision Decision, long PolicyVersion);

    /// <summary>The identity's risk for the named access, assessed like a bare AuthZEN question; null when a problem was answered.</summary>
    private static async Task<Assessed?> AssessAsync(HttpContext context, string id, string? tenant, string? action, string? resource_type, string? resource_id,
        EngineHost engine, PolicyHolder policy, EvaluationService evaluations)
    {
        // A key bound to a tenant reads only that tenant; an unbound evaluate key (a gateway's) may name any.
        if (context.User.FindFirst(Scopes.TenantClaim)?.Value is { Length: > 0 } bound)
        {
            if (tenant is not null && !string.Equals(tenant, bound, StringComparison.Ordinal))
            {
                await Results.Problem(detail: $"This key is bound to tenant '{bound}': leave tenant out or name that one.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context).ConfigureAwait(false);
                return null;
            }

            tenant = bound;
        }

        string? problem = Checked("id", id) ?? Checked("tenant", tenant) ?? Checked("action", action) ?? Checked("resource_type", resource_type) ?? Checked("resource_id", resource_id);
        if (problem is not null)
        {
            await HttpJson.BadRequest(problem).ExecuteAsync(context).ConfigureAwait(false);
            return null;
        }

        var question = new AuthzenEvaluation(
            new AuthzenEntity("user", id, default),
            new AuthzenAction(action ?? "read", default),
            new AuthzenEntity(resource_type ?? "resource", resource_id ?? "*", default),
            tenant is null ? default : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["tenant"] = tenant }));
        if (!evaluations.TryPrepare(question, out var prepared, out string? error))
        {
            await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
            return null;
        }

        var current = policy.Current;
        var assessment = engine.Assess(prepared.Request, out var enriched);
        Decision decision;
        try
        {
            decision = current.Policy.Decide(enriched, assessment);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            decision = evaluations.Failed(current.Policy, e.GetType().Name); // an error is never reported as "no assurance needed"
        }

        return new Assessed(tenant ?? engine.Engine.Options.DefaultTenant, engine.Engine.Knows(id, tenant), assessment, decision, current.Version);
    }

    private const int MaxNameChars = 512;

    private static string? Checked(string name, string? value) =>
        value is null ? null
        : value.Length == 0 ? $"{name} is empty: leave it out or give a value."
        : value.Length > MaxNameChars ? $"{name} is longer than {MaxNameChars} characters."
        : null;
}
