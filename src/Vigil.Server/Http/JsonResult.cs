using System.Text.Json;

namespace Vigil.Server.Http;

/// <summary>An <see cref="IResult"/> that writes JSON with a <see cref="Utf8JsonWriter"/> callback.</summary>
internal sealed class JsonResult(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => HttpJson.WriteAsync(httpContext, statusCode, write, static (w, write) => write(w));
}
