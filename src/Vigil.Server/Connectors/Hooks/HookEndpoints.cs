using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Core.Telemetry.Formats;
using Vigil.Server.Http;

namespace Vigil.Server.Connectors.Hooks;

/// <summary>
/// <c>/v1/hooks/{name}</c>: the webhook receivers of the <c>--connectors</c> file (docs/connectors.md, "Webhooks").
/// Okta event hooks (developer.okta.com/docs/concepts/event-hooks): a one-time <c>GET</c> whose
/// <c>X-Okta-Verification-Challenge</c> is echoed as <c>{"verification": ...}</c>, then <c>POST</c>s of
/// <c>{"data": {"events": [System Log events]}}</c>. Auth0 log streams (custom webhook): <c>POST</c>s of log events as
/// JSON Lines, a JSON array or one JSON object. The vendor cannot hold a Vigil API key, so the route is open to the
/// framework and authenticated here by the hook's own shared secret, compared in constant time before the body is
/// read. Events go through <see cref="ConnectorIngestor"/>, the path of the pull connectors: the native reader, the
/// journal, where the vendor's event id (Okta <c>uuid</c>, Auth0 <c>log_id</c>) makes a redelivery a duplicate.
/// </summary>
internal static class HookEndpoints
{
    public const string Route = "/v1/hooks/{name}";

    /// <summary>Okta's challenge is a short token (about 40 characters); anything far longer is not Okta's.</summary>
    private const int MaxChallengeLength = 1_024;

    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        // One endpoint for both methods: the route is one receiver, open to the framework and guarded by its secret.
        app.MapMethods(Route, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, string name, IReadOnlyList<ConnectorHealth> connectors, ConnectorIngestor ingestor, ServerOptions options, ILogger<ConnectorHost> logger) =>
                HttpMethods.IsGet(context.Request.Method) ? Verify(context, name, connectors, options, logger) : Receive(context, name, connectors, ingestor, options, logger))
            .AllowAnonymous().WithTags("Connectors")
            .WithSummary("Webhooks: Okta event hook verification (GET) and deliveries, Auth0 log stream batches (POST); authenticated by the hook's own secret");
        return app;
    }

    private static async Task Verify(HttpContext context, string name, IReadOnlyList<ConnectorHealth> connectors, ServerOptions options, ILogger<ConnectorHost> logger)
    {
        if (Authenticate(context, name, connectors, options.Time.GetUtcNow(), logger) is not { } hook)
        {
            await Refused(context).ConfigureAwait(false);
            return;
        }

        if (hook.Settings.Type != ConnectorType.OktaHook)
        {
            await Results.Problem(detail: "Only Okta event hooks are verified with a GET; an Auth0 log stream posts its events.", statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        string challenge = context.Request.Headers["X-Okta-Verification-Challenge"].ToString();
        if (challenge.Length is 0 or > MaxChallengeLength)
        {
            await HttpJson.BadRequest(FormattableString.Invariant($"X-Okta-Verification-Challenge: missing or longer than {MaxChallengeLength} characters; Okta sends it on the one-time verification request."))
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        ConnectorLog.HookVerified(logger, hook.Settings.Name);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, challenge, static (w, c) =>
        {
            w.WriteStartObject();
            w.WriteString("verification", c);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task Receive(HttpContext context, string name, IReadOnlyList<ConnectorHealth> connectors, ConnectorIngestor ingestor, ServerOptions options, ILogger<ConnectorHost> logger)
    {
        if (Authenticate(context, name, connectors, options.Time.GetUtcNow(), logger) is not { } hook)
        {
            await Refused(context).ConfigureAwait(false);
            return;
        }

        if (HttpJson.UnsupportedContent(context, ndjson: true) is { } unsupported)
        {
            await unsupported.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (body, problem) = await HttpJson.ReadPooledAsync(context, options.MaxIngestBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            var now = options.Time.GetUtcNow();
            IngestOutcome? outcome;
            int read;
            try
            {
                if (hook.Settings.Type == ConnectorType.OktaHook)
                {
                    if (!TryOktaEvents(body!.Memory, out var events, out read, out string? error))
                    {
                        await HttpJson.BadRequest(error!).ExecuteAsync(context).ConfigureAwait(false);
                        return;
                    }

                    outcome = await ingestor.TryIngestNowAsync(events, LogFormat.Okta).ConfigureAwait(false);
                }
                else
                {
                    // JSON Lines, a JSON array or one object: the three content formats an Auth0 stream can be set to.
                    read = -1;
                    outcome = await ingestor.TryIngestNowAsync(body!.Memory, LogFormat.Auth0).ConfigureAwait(false);
                }
            }
            catch (ConnectorException ex)
            {
                await Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (outcome is not { } o)
            {
                // Both vendors send a batch again after a 5xx (Okta once, Auth0 with its own backoff); a 429 Okta does not retry.
                ConnectorLog.HookBusy(logger, hook.Settings.Name);
                hook.Failed(now, "the engine was behind; a batch was answered 503", rateLimited: true);
                context.Response.Headers.RetryAfter = "5";
                await Results.Problem(detail: "The engine is behind; send the batch again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Overloaded")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            hook.Page(now, read >= 0 ? read : o.Accepted + o.Duplicates + o.Rejected, o);
            if (o.Rejected > 0)
            {
                ConnectorLog.Refused(logger, hook.Settings.Name, o.Rejected);
            }

            // 200 even when some (or all) events were refused: a vendor that got an error would only send the same
            // bad events again. Each refusal names the event (its line, item[3] in an array) and the field; the first
            // five are listed, as in GET /v1/connectors.
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, o, static (w, r) =>
            {
                w.WriteStartObject();
                w.WriteNumber("accepted", r.Accepted);
                w.WriteNumber("duplicates", r.Duplicates);
                w.WriteNumber("rejected", r.Rejected);
                w.WriteStartArray("errors");
                foreach (var (line, error) in r.Errors)
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", line);
                    w.WriteString("error", error);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The hook named <paramref name="name"/> when the request carries its secret. An unknown name and a wrong secret
    /// get the same answer, so the route tells a stranger nothing about which hooks exist.
    /// </summary>
    private static ConnectorHealth? Authenticate(HttpContext context, string name, IReadOnlyList<ConnectorHealth> connectors, DateTimeOffset now, ILogger logger)
    {
        ConnectorHealth? hook = null;
        foreach (var c in connectors)
        {
            if (c.Settings.IsHook && string.Equals(c.Settings.Name, name, StringComparison.Ordinal))
            {
                hook = c;
            }
        }

        if (hook is null)
        {
            return null;
        }

        var values = context.Request.Headers[hook.Settings.HeaderName];
        if (values.Count != 1 || !SameSecret(values[0]!, hook.Settings.Secret.Reveal()))
        {
            ConnectorLog.HookRefused(logger, hook.Settings.Name, values.Count == 0 ? $"no {hook.Settings.HeaderName} header" : $"wrong {hook.Settings.HeaderName} value");
            hook.Failed(now, "a request without the hook's secret was refused (401)", rateLimited: false);
            return null;
        }

        return hook;
    }

    /// <summary>
    /// Constant time in the value (FixedTimeEquals over SHA-256 digests, so neither the content nor the length of the
    /// secret shows in the time a wrong guess takes).
    /// </summary>
    private static bool SameSecret(string given, string expected)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(given), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static Task Refused(HttpContext context) =>
        Results.Problem(detail: "The webhook's secret is missing or wrong (or there is no such webhook).", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
            .ExecuteAsync(context);

    /// <summary>The <c>data.events</c> array of an Okta event hook delivery, as raw JSON for the Okta reader.</summary>
    private static bool TryOktaEvents(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> events, out int count, out string? error)
    {
        events = default;
        count = 0;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = FormatEventReader.MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "data.events: missing or not an array; an Okta event hook delivery is {\"data\": {\"events\": [...]}}.";
                return false;
            }

            count = list.GetArrayLength();
            events = JsonMarshal.GetRawUtf8Value(list).ToArray();
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = "The body is not valid JSON: " + ex.Message;
            return false;
        }
    }
}
