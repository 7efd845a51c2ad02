using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.SharedSignals;

/// <summary>Stream configuration: create, read, update, replace, delete (SSF 1.0 section 8.1.1).</summary>
internal static partial class SsfEndpoints
{
    private static async Task<IResult> CreateStream(HttpContext context, SsfDatabase database, SsfTransmitter transmitter, SsfSettings settings, ServerOptions options)
    {
        var (document, problem) = await ReadBody(context, settings).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var request = StreamRequest.Parse(document!.RootElement, requireId: false, settings, out string? error);
            if (request is null)
            {
                return HttpJson.BadRequest(error!);
            }

            string owner = Owner(context);
            if (database.CountStreams(owner) >= settings.MaxStreamsPerReceiver || database.CountStreams(null) >= settings.MaxStreams)
            {
                return Results.Problem(detail: $"A receiver may hold at most {settings.MaxStreamsPerReceiver} streams (and the transmitter {settings.MaxStreams}); delete one first.",
                    statusCode: StatusCodes.Status409Conflict, title: "Too many streams");
            }

            var stream = new SsfStream(SecurityEventToken.NewId(), owner, owner, request.Method ?? SsfEventTypes.Poll, request.EndpointUrl, request.AuthorizationHeader,
                request.EventsRequested ?? [], request.Description, StreamStatus.Enabled, null, options.Time.GetUtcNow().ToUnixTimeMilliseconds(),
                context.User.FindFirst(Scopes.TenantClaim)?.Value is { Length: > 0 } tenant ? tenant : null);
            database.SaveStream(stream);
            return new JsonResult(w => WriteStream(w, stream, transmitter), StatusCodes.Status201Created);
        }
    }

    private static IResult ReadStreams(HttpContext context, SsfDatabase database, SsfTransmitter transmitter)
    {
        if (context.Request.Query.TryGetValue("stream_id", out var id))
        {
            var (stream, problem) = OwnStream(context, database, id.ToString());
            return problem ?? new JsonResult(w => WriteStream(w, stream!, transmitter));
        }

        var streams = database.StreamsOf(Owner(context));
        return new JsonResult(w =>
        {
            w.WriteStartArray();
            foreach (var s in streams)
            {
                WriteStream(w, s, transmitter);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>PATCH changes the members given; PUT replaces the receiver-supplied members, resetting those left out (SSF 1.0 sections 8.1.1.3, 8.1.1.4).</summary>
    private static async Task<IResult> ChangeStream(HttpContext context, SsfDatabase database, SsfTransmitter transmitter, SsfSettings settings, bool replace)
    {
        var (document, problem) = await ReadBody(context, settings).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var request = StreamRequest.Parse(document!.RootElement, requireId: true, settings, out string? error);
            if (request is null)
            {
                return HttpJson.BadRequest(error!);
            }

            var (stream, missing) = OwnStream(context, database, request.StreamId);
            if (missing is not null)
            {
                return missing;
            }

            if (replace && !request.HasDelivery)
            {
                return HttpJson.BadRequest("delivery is required when replacing a stream (PUT); use PATCH to change some members only");
            }

            var updated = replace
                ? stream! with { Method = request.Method!, EndpointUrl = request.EndpointUrl, AuthorizationHeader = request.AuthorizationHeader, EventsRequested = request.EventsRequested ?? [], Description = request.Description }
                : stream! with
                {
                    Method = request.HasDelivery ? request.Method! : stream.Method,
                    EndpointUrl = request.HasDelivery ? request.EndpointUrl : stream.EndpointUrl,
                    AuthorizationHeader = request.HasDelivery ? request.AuthorizationHeader : stream.AuthorizationHeader,
                    EventsRequested = request.EventsRequested ?? stream.EventsRequested,
                    Description = request.HasDescription ? request.Description : stream.Description,
                };
            database.SaveStream(updated);
            return new JsonResult(w => WriteStream(w, updated, transmitter));
        }
    }

    private static IResult DeleteStream(HttpContext context, SsfDatabase database)
    {
        var (stream, problem) = OwnStream(context, database, context.Request.Query["stream_id"].ToString());
        if (problem is not null)
        {
            return problem;
        }

        database.DeleteStream(stream!.StreamId);
        return Results.NoContent();
    }
}
