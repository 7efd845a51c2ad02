using System.Text;
using System.Text.Json;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Authzen;

/// <summary>
/// AuthZEN search (AuthZEN 1.0, "Search APIs"): which subjects may do the action on the resource, which resources the
/// subject may act on, which actions the subject may take on the resource. The candidates are the ids the service
/// has seen (journal and decision log, <see cref="VigilStore.KnownSubjects"/>); each is decided like a bare
/// evaluation (assessed, never learned, not audited) and kept when permitted. Paged with an opaque
/// <c>page.next_token</c>; <c>page.limit</c> caps the candidates examined per page (default 50, at most 1,000).
/// </summary>
internal static class SearchEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1_000;

    public static IEndpointRouteBuilder MapAuthzenSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/access/v1/search").RequireAuthorization(Scopes.Evaluate).WithTags("AuthZEN");
        search.MapPost("/subject", (HttpContext c, VigilStore s, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, s, e, p, o, "subject"))
            .WithSummary("Subject search (AuthZEN 1.0 Subject Search API)");
        search.MapPost("/resource", (HttpContext c, VigilStore s, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, s, e, p, o, "resource"))
            .WithSummary("Resource search (AuthZEN 1.0 Resource Search API)");
        search.MapPost("/action", (HttpContext c, VigilStore s, EngineHost e, PolicyHolder p, ServerOptions o) => Search(c, s, e, p, o, "action"))
            .WithSummary("Action search (AuthZEN 1.0 Action Search API)");
        return app;
    }

    private static async Task Search(HttpContext context, VigilStore store, EngineHost engine, PolicyHolder policy, ServerOptions options, string kind)
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
            string? error = Validate(root, kind, out string? type);
            if (error is not null)
            {
                await HttpJson.BadRequest(error).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            int limit = DefaultLimit;
            string? after = null;
            if (root.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object)
            {
                if (page.TryGetProperty("limit", out var l) && l.TryGetInt32(out int n))
                {
                    limit = Math.Clamp(n, 1, MaxLimit);
                }

                if (page.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } token)
                {
                    after = DecodeToken(token);
                    if (after is null)
                    {
                        await HttpJson.BadRequest("page.token is not a token this service issued").ExecuteAsync(context).ConfigureAwait(false);
                        return;
                    }
                }
            }

            var candidates = kind switch
            {
                "subject" => store.KnownSubjects(after, limit),
                "resource" => store.KnownResources(type!, after, limit),
                _ => store.KnownActions(after, limit),
            };

            var results = new List<string>();
            long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (string candidate in candidates)
            {
                if (Permitted(root, kind, type, candidate, engine, policy, now))
                {
                    results.Add(candidate);
                }
            }

            string next = candidates.Count == limit ? EncodeToken(candidates[^1]) : "";
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (results, next, kind, type), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("results");
                foreach (string id in s.results)
                {
                    w.WriteStartObject();
                    if (s.kind == "action")
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
                w.WriteString("next_token", s.next);
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the parts each search needs; the searched part needs only its type (or nothing, for actions).</summary>
    private static string? Validate(JsonElement root, string kind, out string? type)
    {
        type = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the request must be a JSON object";
        }

        string? Need(string name, bool idToo)
        {
            if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Object)
            {
                return name + " is missing";
            }

            if (!e.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(t.GetString()))
            {
                return name + ".type is missing or not a non-empty string";
            }

            return idToo && (!e.TryGetProperty("id", out var i) || i.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(i.GetString()))
                ? name + ".id is missing or not a non-empty string"
                : null;
        }

        string? error = kind switch
        {
            "subject" => Need("subject", false) ?? Need("resource", true) ?? NeedAction(root),
            "resource" => Need("subject", true) ?? Need("resource", false) ?? NeedAction(root),
            _ => Need("subject", true) ?? Need("resource", true),
        };
        if (error is null && kind != "action")
        {
            type = root.GetProperty(kind).GetProperty("type").GetString();
        }

        return error;
    }

    private static string? NeedAction(JsonElement root) =>
        root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString()!.Length > 0
            ? null
            : "action.name is missing or not a non-empty string";

    private static bool Permitted(JsonElement root, string kind, string? type, string candidate, EngineHost engine, PolicyHolder policy, long now)
    {
        var subject = root.GetProperty("subject");
        var resource = root.GetProperty("resource");
        var evaluation = new AuthzenEvaluation(
            kind == "subject" ? new AuthzenEntity(type!, candidate, Properties(subject)) : Entity(subject),
            kind == "action" ? new AuthzenAction(candidate, default) : new AuthzenAction(root.GetProperty("action").GetProperty("name").GetString()!, default),
            kind == "resource" ? new AuthzenEntity(type!, candidate, Properties(resource)) : Entity(resource),
            root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : default);
        if (!EvaluationMapper.TryMap(evaluation, now, out var request, out _, out _))
        {
            return false;
        }

        var assessment = engine.Assess(request);
        return DecisionMapper.IsPermitted(policy.Policy.Decide(request, assessment));
    }

    private static AuthzenEntity Entity(JsonElement e) => new(e.GetProperty("type").GetString()!, e.GetProperty("id").GetString()!, Properties(e));

    private static JsonElement Properties(JsonElement e) => e.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

    private static string EncodeToken(string last) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + last));

    private static string? DecodeToken(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("v1:", StringComparison.Ordinal) ? text[3..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
