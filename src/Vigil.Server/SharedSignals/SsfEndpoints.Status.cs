using System.Text.Json;
using Vigil.Server.Http;

namespace Vigil.Server.SharedSignals;

/// <summary>Stream status, subjects and verification (SSF 1.0 sections 8.1.2 to 8.1.4).</summary>
internal static partial class SsfEndpoints
{
    private const int MaxStateLength = 1024;
    private const int MaxReasonLength = 1024;

    private static IResult ReadStatus(HttpContext context, SsfDatabase database)
    {
        var (stream, problem) = OwnStream(context, database, context.Request.Query["stream_id"].ToString());
        return problem ?? new JsonResult(w => WriteStatus(w, stream!));
    }

    private static void WriteStatus(Utf8JsonWriter w, SsfStream s)
    {
        w.WriteStartObject();
        w.WriteString("stream_id", s.StreamId);
        w.WriteString("status", s.Status);
        if (s.Reason is not null)
        {
            w.WriteString("reason", s.Reason);
        }

        w.WriteEndObject();
    }

    private static Task<IResult> UpdateStatus(HttpContext context, SsfDatabase database, SsfTransmitter transmitter, SsfSettings settings) =>
        WithOwnStream(context, database, settings, (root, stream) =>
        {
            string? status = Text(root, "status");
            if (!StreamStatus.IsValid(status))
            {
                return HttpJson.BadRequest("status must be enabled, paused or disabled");
            }

            string? reason = Text(root, "reason");
            if (root.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null && (reason is null || reason.Length > MaxReasonLength))
            {
                return HttpJson.BadRequest($"reason must be a string of at most {MaxReasonLength} characters");
            }

            var updated = transmitter.SetStatus(stream, status!, reason);
            return new JsonResult(w => WriteStatus(w, updated));
        });

    /// <summary>
    /// Every subject is in a stream until removed (default_subjects ALL); add takes a removed subject back. Add answers
    /// 200, remove 204 (SSF 1.0 sections 8.1.3.2, 8.1.3.3).
    /// </summary>
    private static Task<IResult> ChangeSubject(HttpContext context, SsfDatabase database, SsfSettings settings, bool add) =>
        WithOwnStream(context, database, settings, (root, stream) =>
        {
            if (!root.TryGetProperty("subject", out var element))
            {
                return HttpJson.BadRequest("subject is required");
            }

            var subject = SubjectId.Parse(element, "subject", out string? error);
            if (subject is null)
            {
                return HttpJson.BadRequest(error!);
            }

            if (add && root.TryGetProperty("verified", out var verified) && verified.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return HttpJson.BadRequest("verified must be true or false");
            }

            if (!database.SetExcluded(stream.StreamId, subject.Key, excluded: !add, settings.MaxSubjectsPerStream))
            {
                return Results.Problem(detail: $"The stream already lists {settings.MaxSubjectsPerStream} removed subjects; add some back first.",
                    statusCode: StatusCodes.Status409Conflict, title: "Too many subjects");
            }

            return add ? Results.Ok() : Results.NoContent();
        });

    private static Task<IResult> Verify(HttpContext context, SsfDatabase database, SsfTransmitter transmitter, SsfSettings settings) =>
        WithOwnStream(context, database, settings, (root, stream) =>
        {
            string? state = Text(root, "state");
            if (root.TryGetProperty("state", out var s) && s.ValueKind != JsonValueKind.Null && (state is null || state.Length > MaxStateLength))
            {
                return HttpJson.BadRequest($"state must be a string of at most {MaxStateLength} characters");
            }

            if (stream.Status == StreamStatus.Disabled)
            {
                return Results.Problem(detail: "stream_id: the stream is disabled and delivers nothing; enable it first.", statusCode: StatusCodes.Status409Conflict, title: "Stream disabled");
            }

            transmitter.Verify(stream, state);
            return Results.NoContent();
        });
}
