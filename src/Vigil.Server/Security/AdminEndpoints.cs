using System.Text.Json;
using Vigil.Server.Http;

namespace Vigil.Server.Security;

/// <summary>API key administration (admin scope): create a key (shown once in the answer) and revoke one.</summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin").RequireScope(Scopes.Admin).WithTags("Administration");
        group.MapPost("/api-keys", Create).WithSummary("Create an API key: {\"name\": ..., \"scopes\": [...]}");
        group.MapDelete("/api-keys/{keyId}", (string keyId, ApiKeyService keys) =>
            keys.Revoke(keyId) ? Results.NoContent() : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown key")).WithSummary("Revoke an API key");
        return app;
    }

    private static async Task<IResult> Create(HttpContext context, ApiKeyService keys)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, 16 * 1024).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            string? name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var scopes = new List<string>();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("scopes", out var s) && s.ValueKind == JsonValueKind.Array)
            {
                foreach (var scope in s.EnumerateArray())
                {
                    if (scope.ValueKind != JsonValueKind.String || !Scopes.All.Contains(scope.GetString()))
                    {
                        return HttpJson.BadRequest("scopes must be a list of " + string.Join(", ", Scopes.All));
                    }

                    scopes.Add(scope.GetString()!);
                }
            }

            if (string.IsNullOrWhiteSpace(name) || scopes.Count == 0)
            {
                return HttpJson.BadRequest("give a name and at least one scope");
            }

            string? tenant = null;
            if (root.TryGetProperty("tenant", out var t) && t.ValueKind != JsonValueKind.Null)
            {
                if (t.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(t.GetString()))
                {
                    return HttpJson.BadRequest("tenant must be a non-empty string (the tenant the key's holder belongs to), or left out for the default tenant");
                }

                tenant = t.GetString();
            }

            string key = keys.Create(name, scopes, tenant);
            return new JsonResult(w =>
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("key", key);
                w.WriteString("scopes", string.Join(' ', scopes));
                if (tenant is not null)
                {
                    w.WriteString("tenant", tenant);
                }

                w.WriteEndObject();
            }, StatusCodes.Status201Created);
        }
    }
}
