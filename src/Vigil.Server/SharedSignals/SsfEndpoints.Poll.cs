using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Server.Http;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Poll delivery (RFC 8936): the receiver acknowledges (<c>ack</c>) or reports errors (<c>setErrs</c>) for SETs it
/// has, and asks for up to <c>maxEvents</c> more; with <c>returnImmediately</c> false the answer waits, at most
/// <see cref="SsfSettings.MaxPollWaitMs"/>, for a SET to arrive. A SET stays queued, and is delivered again, until it
/// is acknowledged or reported. A paused stream returns only control events; a disabled one nothing.
/// </summary>
internal static partial class SsfEndpoints
{
    private const int MaxAcks = 1_000;

    private static async Task<IResult> Poll(string streamId, HttpContext context, SsfDatabase database, SsfSettings settings, SsfSignal signal, ServerOptions options, ILoggerFactory loggers)
    {
        var (stream, missing) = OwnStream(context, database, streamId);
        if (missing is not null)
        {
            return missing;
        }

        if (stream!.Method != SsfEventTypes.Poll)
        {
            return Results.Problem(detail: "stream_id: this stream delivers by push, not poll.", statusCode: StatusCodes.Status409Conflict, title: "Not a poll stream");
        }

        var (document, problem) = await HttpJson.ReadAsync(context, settings.MaxBodyBytes * 4L).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        int maxEvents = settings.MaxEventsPerPoll;
        bool returnImmediately = false;
        var acks = new List<string>();
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return HttpJson.BadRequest("the body must be a JSON object (RFC 8936 section 2.1)");
            }

            if (root.TryGetProperty("maxEvents", out var max))
            {
                if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out int asked) || asked < 0)
                {
                    return HttpJson.BadRequest("maxEvents must be a non-negative integer");
                }

                maxEvents = Math.Min(asked, settings.MaxEventsPerPoll);
            }

            if (root.TryGetProperty("returnImmediately", out var immediately))
            {
                if (immediately.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return HttpJson.BadRequest("returnImmediately must be true or false");
                }

                returnImmediately = immediately.GetBoolean();
            }

            if (root.TryGetProperty("ack", out var ack))
            {
                if (ack.ValueKind != JsonValueKind.Array || ack.GetArrayLength() > MaxAcks)
                {
                    return HttpJson.BadRequest($"ack must be an array of at most {MaxAcks} jti strings");
                }

                int i = 0;
                foreach (var jti in ack.EnumerateArray())
                {
                    if (jti.ValueKind != JsonValueKind.String)
                    {
                        return HttpJson.BadRequest($"ack[{i}] must be a jti string");
                    }

                    acks.Add(jti.GetString()!);
                    i++;
                }
            }

            if (root.TryGetProperty("setErrs", out var errors))
            {
                if (errors.ValueKind != JsonValueKind.Object)
                {
                    return HttpJson.BadRequest("setErrs must be an object of jti: {\"err\": ..., \"description\": ...}");
                }

                var logger = loggers.CreateLogger(typeof(SsfEndpoints));
                foreach (var error in errors.EnumerateObject())
                {
                    if (error.Value.ValueKind != JsonValueKind.Object || Text(error.Value, "err") is not { } err)
                    {
                        return HttpJson.BadRequest($"setErrs.{error.Name}.err must be a string (RFC 8936 section 2.4)");
                    }

                    if (acks.Count >= MaxAcks)
                    {
                        return HttpJson.BadRequest($"ack and setErrs together may name at most {MaxAcks} SETs");
                    }

                    // Reported SETs are settled like acknowledged ones: the receiver has them, and sending them again would not help.
                    SsfLog.ReceiverError(logger, stream.StreamId, error.Name, err.Length <= 64 ? err : err[..64]);
                    acks.Add(error.Name);
                }
            }
        }

        if (acks.Count > 0)
        {
            database.Acknowledge(stream.StreamId, acks);
        }

        var sets = new List<QueuedSet>();
        if (maxEvents > 0)
        {
            var deadline = options.Time.GetUtcNow().AddMilliseconds(settings.MaxPollWaitMs);
            while (true)
            {
                var wake = signal.Next;
                var current = database.FindStream(stream.StreamId);
                if (current is null)
                {
                    break; // deleted meanwhile
                }

                if (current.Status != StreamStatus.Disabled)
                {
                    sets = database.Queued(stream.StreamId, maxEvents + 1, controlOnly: current.Status == StreamStatus.Paused);
                }

                var left = deadline - options.Time.GetUtcNow();
                if (sets.Count > 0 || returnImmediately || left <= TimeSpan.Zero)
                {
                    break;
                }

                try
                {
                    await wake.WaitAsync(left, options.Time, context.RequestAborted).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty; // the receiver went away
                }
            }
        }

        bool more = maxEvents == 0 ? database.CountQueued(stream.StreamId) > 0 : sets.Count > maxEvents;
        if (sets.Count > maxEvents)
        {
            sets.RemoveAt(sets.Count - 1);
        }

        return new JsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("sets");
            foreach (var set in sets)
            {
                w.WriteString(set.Jti, set.Token);
            }

            w.WriteEndObject();
            w.WriteBoolean("moreAvailable", more);
            w.WriteEndObject();
        });
    }
}
