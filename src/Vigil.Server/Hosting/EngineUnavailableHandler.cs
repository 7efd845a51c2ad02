using Microsoft.AspNetCore.Diagnostics;

namespace Vigil.Server.Hosting;

/// <summary>Turns <see cref="EngineUnavailableException"/> into 503 with Retry-After: the caller did nothing wrong and another instance may answer.</summary>
internal sealed class EngineUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EngineUnavailableException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Engine unavailable", Detail = exception.Message },
        }).ConfigureAwait(false);
    }
}
