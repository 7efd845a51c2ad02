using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Audit;

/// <summary>The audit log's head for anchoring outside the database (admin scope; see <see cref="AuditAnchor"/>).</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit/head", Head)
            .RequireScope(Scopes.Admin).WithTags("Audit")
            .WithSummary("The audit log's current head (sequence and chain hash) to record outside this host as an anchor");
        return app;
    }

    private static async Task<IResult> Head(VigilStore store, AuditWriter audit)
    {
        await audit.FlushAsync().ConfigureAwait(false); // the head covers every decision already answered
        return store.AuditHead() is { } head
            ? Results.Json(new AuditHeadAnswer(head.Sequence, head.Hash, head.ToString()), Http.ServerJsonContext.Default.AuditHeadAnswer)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The audit log is empty");
    }
}

/// <summary>The answer of <c>GET /v1/audit/head</c>; <c>anchor</c> is the text <c>vigil audit verify --anchor</c> takes.</summary>
internal sealed record AuditHeadAnswer(long Seq, string Hash, string Anchor);
