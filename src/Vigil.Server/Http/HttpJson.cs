using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Http;

/// <summary>Bounded JSON request reading and direct response writing (no reflection serializer on the hot path).</summary>
internal static class HttpJson
{
    /// <summary>Deepest JSON nesting accepted in a request: AuthZEN needs about four levels, properties a few more.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    [ThreadStatic]
    private static JsonInputCheck? t_check;

    public static void LimitBody(HttpContext context, long maxBytes)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>
    /// The parsed body, or a ProblemDetails result: 415 not JSON, 400 malformed (the detail names the JSON path of the
    /// field), 413 too large, 408 too slow. A string that is not text (invalid UTF-8, a lone surrogate escape) or a
    /// property given twice is malformed here, before any route reads the document.
    /// </summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpContext context, long maxBytes)
    {
        if (UnsupportedContent(context, ndjson: false) is { } unsupported)
        {
            return (null, unsupported);
        }

        var (body, problem) = await ReadPooledAsync(context, maxBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (body)
        {
            // Synchronous from here: the thread's checker is not shared across an await.
            var check = t_check ??= new JsonInputCheck();
            if (!check.TryCheck(body!.Memory.Span, MaxDepth, out string? error))
            {
                return (null, BadRequest("The body is not valid: " + error));
            }

            try
            {
                // The document copies the bytes into its own pooled buffer, so the body goes back to the pool now.
                return (JsonDocument.Parse(body.AsStream(), DocumentOptions), null);
            }
            catch (JsonException ex)
            {
                return (null, BadRequest("The body is not valid JSON: " + FirstLine(ex.Message)));
            }
        }
    }

    /// <summary>The body in a pooled buffer (dispose it when every slice of it is no longer used), or a ProblemDetails result (413, 408).</summary>
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
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits: a body slower than MinRequestBodyDataRate is 408, a truncated body 400. The
            // exception is the server saying the request is bad, not a failure of ours, so it is never a 500.
            return (null, Results.Problem(detail: "The request body could not be read: " + ex.Message, statusCode: ex.StatusCode,
                title: ex.StatusCode == StatusCodes.Status408RequestTimeout ? "Request body too slow" : "Malformed request"));
        }
    }

    /// <summary>
    /// 415 when the body is declared as something other than JSON (or NDJSON where <paramref name="ndjson"/>), or is
    /// compressed: no encoding is decoded, so a compressed body would only be read as garbage. A body without a
    /// Content-Type is read as JSON.
    /// </summary>
    public static IResult? UnsupportedContent(HttpContext context, bool ndjson)
    {
        string? encoding = context.Request.Headers.ContentEncoding;
        if (!string.IsNullOrWhiteSpace(encoding) && !string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported(FormattableString.Invariant($"Content-Encoding '{Shorten(encoding)}' is not accepted; send the body uncompressed (identity)."));
        }

        string? type = context.Request.ContentType;
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(type, out var media) || media.MediaType.Value is not string mediaType)
        {
            return Unsupported(FormattableString.Invariant($"Content-Type '{Shorten(type)}' is not a media type; send {Accepted(ndjson)}."));
        }

        bool json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        bool lines = ndjson && (mediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase));
        if (!json && !lines)
        {
            return Unsupported(FormattableString.Invariant($"Content-Type '{Shorten(mediaType)}' is not accepted; send {Accepted(ndjson)}."));
        }

        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported(FormattableString.Invariant($"charset '{Shorten(media.Charset.Value!)}' is not accepted; JSON is UTF-8 (RFC 8259)."));
        }

        return null;
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

    private static IResult Unsupported(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    private static string Accepted(bool ndjson) => ndjson
        ? "application/x-ndjson (one event per line) or application/json (an array of events)"
        : "application/json";

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "...";

    public static IResult TooLarge(long maxBytes) =>
        Results.Problem(detail: FormattableString.Invariant($"The body is larger than {maxBytes} bytes."), statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
