using System.Text;
using System.Text.Json;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The receiver's HTTP surface (docs/ssf.md): administrators configure streams from other transmitters
/// (<c>/v1/admin/ssf/receivers</c>, admin scope), and transmitters push SETs to <c>POST /ssf/receive/{id}</c> (RFC 8935),
/// authenticated by the stream's own bearer secret, which Vigil gave the transmitter when it created the stream.
/// </summary>
internal static class SsfReceiverEndpoints
{
    public const string AdminPath = "/v1/admin/ssf/receivers";

    private static readonly string[] Methods = [SsfEventTypes.Push, SsfEventTypes.Poll];

    public static IEndpointRouteBuilder MapSharedSignalsReceiver(this IEndpointRouteBuilder app)
    {
        // Anonymous to the service's own authentication: the transmitter holds no Vigil key, only the stream's secret (checked below).
        app.MapPost(SsfReceiver.ReceivePath + "/{id}", Receive).AllowAnonymous().WithTags("Shared Signals").WithSummary("Receive a pushed SET (RFC 8935)");
        var admin = app.MapGroup(AdminPath).RequireScope(Scopes.Admin).WithTags("Shared Signals");
        admin.MapPost("", Configure).WithSummary("Receive a transmitter's events: configure a stream from its discovery document");
        admin.MapGet("", (SsfReceiver receiver) => new JsonResult(w => WriteStreams(w, receiver.Streams))).WithSummary("The streams Vigil receives");
        admin.MapDelete("", async (string? id, SsfReceiver receiver, CancellationToken cancellation) =>
            id is null ? HttpJson.BadRequest("id is required")
            : await receiver.DeleteAsync(id, cancellation).ConfigureAwait(false) ? Results.NoContent()
            : Results.Problem(detail: "id: no receiver stream has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown stream")).WithSummary("Stop receiving a stream");
        admin.MapPost("/verify", async (string? id, SsfReceiver receiver, CancellationToken cancellation) =>
        {
            if (id is null || receiver.Find(id) is null)
            {
                return Results.Problem(detail: "id: no receiver stream has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown stream");
            }

            await receiver.ReverifyAsync(id, cancellation).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Verify a stream again: a new state, and a verification event asked of the transmitter");
        return app;
    }

    private static async Task<IResult> Receive(string id, HttpContext context, SsfReceiver receiver, SsfSettings settings)
    {
        var stream = receiver.Find(id);
        if (stream is null || stream.Method != SsfEventTypes.Push || !SsfReceiver.Authorized(stream, context.Request.Headers.Authorization.ToString()))
        {
            // One answer for an unknown stream and a wrong secret: the endpoint does not tell which streams exist.
            return Results.Problem(detail: "Authorization: a stream's bearer secret is required.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/secevent+jwt", StringComparison.OrdinalIgnoreCase))
        {
            return SetError("invalid_request", "Content-Type must be application/secevent+jwt (RFC 8935 section 2)");
        }

        var (body, problem) = await HttpJson.ReadBytesAsync(context, settings.MaxReceivedSetBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return SetError("invalid_request", $"the SET is larger than {settings.MaxReceivedSetBytes} bytes");
        }

        var outcome = await receiver.ReceiveAsync(stream, Encoding.UTF8.GetString(body!).Trim(), context.RequestAborted).ConfigureAwait(false);
        if (outcome.Deferred)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Problem(detail: outcome.Description, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many SETs");
        }

        return outcome.Error is null ? Results.StatusCode(StatusCodes.Status202Accepted) : SetError(outcome.Error, outcome.Description!);
    }

    /// <summary>RFC 8935 section 2.4: a refused SET is 400 with <c>err</c> and <c>description</c>.</summary>
    private static JsonResult SetError(string error, string description) => new(w =>
    {
        w.WriteStartObject();
        w.WriteString("err", error);
        w.WriteString("description", description);
        w.WriteEndObject();
    }, StatusCodes.Status400BadRequest);

    private static async Task<IResult> Configure(HttpContext context, SsfReceiver receiver, SsfSettings settings)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, settings.MaxBodyBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return HttpJson.BadRequest("the body must be a JSON object");
            }

            string? transmitter = Text(root, "transmitter");
            if (transmitter is null || transmitter.Length > 2048 || !Uri.TryCreate(transmitter, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || (uri.Scheme == "http" && !settings.AllowHttpPush) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                return HttpJson.BadRequest("transmitter must be the transmitter's issuer: an absolute https URL without query, fragment or user info");
            }

            if (SsfAddressPolicy.Refusal(uri, settings) is { } refused)
            {
                return HttpJson.BadRequest($"transmitter names a {refused} address, which Shared Signals may not reach (--ssf-allow-push-network allows a network)");
            }

            string method = Text(root, "delivery") switch { null or "poll" or SsfEventTypes.Poll => SsfEventTypes.Poll, "push" or SsfEventTypes.Push => SsfEventTypes.Push, _ => "" };
            if (!Methods.Contains(method))
            {
                return HttpJson.BadRequest("delivery must be push or poll (urn:ietf:rfc:8935 or urn:ietf:rfc:8936)");
            }

            var events = new List<string>();
            if (root.TryGetProperty("events_requested", out var requested))
            {
                if (requested.ValueKind != JsonValueKind.Array || requested.GetArrayLength() > 64)
                {
                    return HttpJson.BadRequest("events_requested must be an array of at most 64 event type URIs");
                }

                int i = 0;
                foreach (var e in requested.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.String || !Uri.TryCreate(e.GetString(), UriKind.Absolute, out _) || e.GetString()!.Length > 512)
                    {
                        return HttpJson.BadRequest($"events_requested[{i}] must be an event type URI");
                    }

                    events.Add(e.GetString()!);
                    i++;
                }
            }
            else
            {
                events.AddRange(SsfReceiverEvents.Applied);
            }

            string? tenant = Text(root, "tenant");
            string? authorization = Text(root, "authorization_header");
            string? apiKey = Text(root, "api_key");
            if (tenant?.Length > 256 || authorization?.Length > 4096 || apiKey?.Length > 512)
            {
                return HttpJson.BadRequest("tenant (256), authorization_header (4,096) or api_key (512 characters) is too long");
            }

            var (stream, status, error) = await receiver.ConfigureAsync(new ReceiverRequest(transmitter, method, [.. events], tenant, authorization, apiKey), context.RequestAborted).ConfigureAwait(false);
            return stream is null
                ? Results.Problem(detail: error, statusCode: status, title: status == StatusCodes.Status409Conflict ? "Too many streams" : "Transmitter not usable")
                : new JsonResult(w => WriteStream(w, stream), StatusCodes.Status201Created);
        }
    }

    private static void WriteStreams(Utf8JsonWriter w, IEnumerable<ReceiverStream> streams)
    {
        w.WriteStartArray();
        foreach (var s in streams)
        {
            WriteStream(w, s);
        }

        w.WriteEndArray();
    }

    /// <summary>Secrets (the push secret, the credentials for the transmitter) are never written.</summary>
    private static void WriteStream(Utf8JsonWriter w, ReceiverStream s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("transmitter", s.Issuer);
        w.WriteString("stream_id", s.StreamId);
        w.WriteString("aud", s.Audience);
        w.WriteString("delivery", s.Method);
        w.WriteStartArray("events_delivered");
        foreach (string e in s.EventsDelivered)
        {
            w.WriteStringValue(e);
        }

        w.WriteEndArray();
        if (s.Tenant is not null)
        {
            w.WriteString("tenant", s.Tenant);
        }

        w.WriteBoolean("verified", s.Verified);
        w.WriteString("transmitter_status", s.TransmitterStatus);
        w.WriteEndObject();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
