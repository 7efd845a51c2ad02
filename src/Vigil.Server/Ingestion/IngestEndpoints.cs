using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Server.Security;

namespace Vigil.Server.Ingestion;

/// <summary>
/// <c>POST /v1/events</c>: ECS events as NDJSON or a JSON array. Answers 202 only once the good events are durable in
/// the journal; bad lines are reported with their numbers; 429 with Retry-After when the engine is behind by more
/// than <see cref="ServerOptions.MaxQueueDepth"/> entries (the queue is bounded, never unbounded) or the heap is above
/// <see cref="ServerOptions.MemoryLimitMegabytes"/>.
/// </summary>
internal static class IngestEndpoints
{
    private const int MaxErrorsListed = 100;

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", Ingest).RequireScope(Scopes.Ingest).WithTags("Ingestion").WithSummary("Ingest ECS events (NDJSON or JSON array)");
        return app;
    }

    private static async Task Ingest(HttpContext context, EngineHost engine, VigilMetrics metrics, ServerOptions options, TimestampWindow window, MemoryPressure memory, ILogger<MemoryPressure> logger)
    {
        if (HttpJson.UnsupportedContent(context, ndjson: true) is { } unsupported)
        {
            await unsupported.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // Before the body is read: new identities and tenants cost memory, and a full heap must not be made fuller.
        if (memory.IsHigh(out long heap))
        {
            Log.MemoryPressure(logger, heap, memory.LimitBytes);
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(detail: "The service is short of memory; retry after the delay in Retry-After.", statusCode: StatusCodes.Status429TooManyRequests, title: "Memory pressure")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (body, problem) = await HttpJson.ReadPooledAsync(context, options.MaxIngestBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // The journal entries are slices of the body until they are committed (awaited below); the engine gets
        // parsed events, not bytes. So the pooled buffer goes back once this request is answered.
        using (body)
        {
            await IngestBody(context, body!.Memory, engine, metrics, options, window).ConfigureAwait(false);
        }
    }

    private static async Task IngestBody(HttpContext context, ReadOnlyMemory<byte> body, EngineHost engine, VigilMetrics metrics, ServerOptions options, TimestampWindow window)
    {
        // Native identity-provider formats (docs/connectors.md): ?format= or the Vigil-Format header; ECS by default.
        if (!NativeIngestParser.TryGetFormat(context.Request, out var format, out string? formatError))
        {
            await Results.Problem(detail: formatError, statusCode: StatusCodes.Status400BadRequest, title: "Unknown format").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var batch = format == Vigil.Core.Telemetry.Formats.LogFormat.Ecs
            ? IngestParser.Parse(body, options.MaxBatchEvents, window, HttpJson.DeclaresLines(context), out bool tooMany, engine.AdmitIngested)
            : NativeIngestParser.Parse(body, format, options.MaxBatchEvents, window, out tooMany, engine.AdmitIngested);
        if (tooMany)
        {
            await Results.Problem(detail: FormattableString.Invariant($"The batch has more than {options.MaxBatchEvents} events; split it."),
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        metrics.Rejected(batch.Errors.Count);
        if (batch.Events.Count == 0)
        {
            await HttpJson.WriteAsync(context, StatusCodes.Status400BadRequest, batch, static (w, b) => WriteSummary(w, b, [])).ConfigureAwait(false);
            return;
        }

        if (!engine.TryReserve(batch.Events.Count))
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(detail: "The engine is behind; retry after the delay in Retry-After.", statusCode: StatusCodes.Status429TooManyRequests, title: "Overloaded")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var results = await engine.AppendEventsAsync(batch.Appends, batch.Events).ConfigureAwait(false);
        metrics.Ingested(results.Count(r => !r.Duplicate));
        await HttpJson.WriteAsync(context, StatusCodes.Status202Accepted, (batch, results), static (w, s) => WriteSummary(w, s.batch, s.results)).ConfigureAwait(false);
    }

    private static void WriteSummary(Utf8JsonWriter w, IngestBatch batch, Vigil.Storage.AppendResult[] results)
    {
        int duplicates = results.Count(r => r.Duplicate);
        w.WriteStartObject();
        w.WriteNumber("accepted", results.Length - duplicates);
        w.WriteNumber("duplicates", duplicates);
        w.WriteNumber("rejected", batch.Errors.Count);
        if (results.Length > 0)
        {
            w.WriteNumber("first_sequence", results.Min(r => r.Sequence));
            w.WriteNumber("last_sequence", results.Max(r => r.Sequence));
        }

        w.WriteStartArray("errors");
        foreach (var (line, error) in batch.Errors.Take(MaxErrorsListed))
        {
            w.WriteStartObject();
            w.WriteNumber("line", line);
            w.WriteString("error", error);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
