using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Operations;

/// <summary>
/// <c>GET /v1/admin/engine</c> (admin): how far the single writer has learned the journal. <c>pending</c> is what
/// is journaled (or reserved for journaling) and not yet applied; decisions never wait for it, learning does.
/// </summary>
internal static class EngineStatusEndpoints
{
    public static IEndpointRouteBuilder MapEngineStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/engine", (EngineHost engine, VigilStore store) => Results.Text(
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $$"""{"journal_head":{{store.JournalHead()}},"applied":{{engine.AppliedSequence}},"pending":{{engine.Pending}},"ready":{{(engine.Ready ? "true" : "false")}}}"""),
            "application/json")).RequireScope(Scopes.Admin).WithTags("Operations").WithSummary("The writer's progress through the journal");
        return app;
    }
}
