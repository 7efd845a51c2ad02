using Vigil.Server.Hosting;

namespace Vigil.Server.Operations;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (recovery finished and the engine's writer running; 503 otherwise).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().WithTags("Operations").DisableRateLimiting();
        app.MapGet("/readyz", (EngineHost engine) => engine.Ready
            ? Results.Text("ready")
            : Results.Text(engine.WriterStopped ? "engine writer stopped" : "recovering", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous().WithTags("Operations").DisableRateLimiting();
        return app;
    }
}
