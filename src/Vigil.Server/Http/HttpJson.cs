using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Vigil.Server.Http;

/// <summary>Bounded JSON request reading and direct response writing (no reflection serializer on the hot path).</summary>
internal static class HttpJson
{
    /// <summary>Deepest JSON nesting accepted in a request: AuthZEN needs about four levels, properties a few more.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static void LimitBody(HttpContext context, long maxBytes)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>The parsed body, or a ProblemDetails result (400 malformed, 413 too large).</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        LimitBody(context, maxBytes);
        try
        {
            return (await JsonDocument.ParseAsync(context.Request.Body, DocumentOptions, context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest("The body is not valid JSON: " + FirstLine(ex.Message)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    /// <summary>The body in a pooled buffer (dispose it when every slice of it is no longer used), or a ProblemDetails result (413).</summary>
    public static async Task<(PooledBody? Body, IResult? Problem)> ReadPooledAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        LimitBody(context, maxBytes);
        try
        {
            return (await PooledBody.ReadAsync(context.Request.Body, context.Request.ContentLength, context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    /// <summary>The body as an array of its own (for small documents kept after the request), or a ProblemDetails result (413).</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadBytesAsync(HttpContext context, long maxBytes)
    {
        var (body, problem) = await ReadPooledAsync(context, maxBytes).ConfigureAwait(false);
        using (body)
        {
            return (body?.Memory.ToArray(), problem);
        }
    }

    public static async Task WriteAsync<TState>(HttpContext context, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            write(writer, state);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request");

    public static IResult TooLarge(long maxBytes) =>
        Results.Problem(detail: FormattableString.Invariant($"The body is larger than {maxBytes} bytes."), statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
