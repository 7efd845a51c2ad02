using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// RFC 8936 poll delivery for the receiver's poll streams: each round asks the transmitter for up to 100 SETs
/// (<c>returnImmediately</c>), verifies and applies them, and acknowledges them in the next request (<c>ack</c>), or
/// reports refused ones (<c>setErrs</c>); a deferred SET is neither, so it comes again. Polls again at once while SETs
/// come or acknowledgements wait, else after <see cref="SsfSettings.ReceiverPollIntervalMs"/>; a failing transmitter is
/// retried with exponential back-off from one interval up to 5 minutes.
/// </summary>
internal sealed class SsfPoller(SsfReceiver receiver, SsfReceiverHttp http, SsfSettings settings, ServerOptions options, ILogger<SsfPoller> logger) : BackgroundService
{
    private const int MaxBackoffMs = 300_000;

    private readonly Dictionary<string, (List<string> Acks, Dictionary<string, (string Err, string Description)> Errors)> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Failures, long NextMs)> _backoff = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool busy = false;
            foreach (var stream in receiver.Streams.Where(s => s.Method == SsfEventTypes.Poll && s.PollUrl is not null))
            {
                long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
                if (_backoff.TryGetValue(stream.Id, out var b) && b.NextMs > now)
                {
                    continue;
                }

                try
                {
                    busy |= await PollOnceAsync(stream, stoppingToken).ConfigureAwait(false);
                    _backoff.Remove(stream.Id);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    SsfLog.PollRoundFailed(logger, stream.Id, ex);
                    int failures = (_backoff.TryGetValue(stream.Id, out var f) ? f.Failures : 0) + 1;
                    long delay = Math.Min(MaxBackoffMs, (long)settings.ReceiverPollIntervalMs << Math.Min(failures, 16));
                    _backoff[stream.Id] = (failures, now + delay);
                }
            }

            if (!busy)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.ReceiverPollIntervalMs), options.Time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One poll; true when it got SETs (poll again at once, if only to acknowledge them).</summary>
    private async Task<bool> PollOnceAsync(ReceiverStream stream, CancellationToken cancellation)
    {
        if (!_pending.TryGetValue(stream.Id, out var pending))
        {
            pending = ([], new(StringComparer.Ordinal));
            _pending[stream.Id] = pending;
        }

        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteNumber("maxEvents", settings.MaxEventsPerPoll);
            w.WriteBoolean("returnImmediately", true);
            w.WriteStartArray("ack");
            foreach (string jti in pending.Acks)
            {
                w.WriteStringValue(jti);
            }

            w.WriteEndArray();
            if (pending.Errors.Count > 0)
            {
                w.WriteStartObject("setErrs");
                foreach (var (jti, (err, description)) in pending.Errors)
                {
                    w.WriteStartObject(jti);
                    w.WriteString("err", err);
                    w.WriteString("description", description);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        using var request = SsfReceiver.Request(HttpMethod.Post, stream.PollUrl!, stream);
        request.Content = new ByteArrayContent(body.ToArray());
        request.Content.Headers.ContentType = new("application/json");
        using var response = await http.Client.SendAsync(request, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the poll endpoint answered {(int)response.StatusCode}");
        }

        // Sent: the transmitter has settled them (RFC 8936 section 2.4).
        pending.Acks.Clear();
        pending.Errors.Clear();
        using var document = JsonDocument.Parse(await SsfReceiverHttp.ReadBoundedAsync(response, cancellation).ConfigureAwait(false));
        if (!document.RootElement.TryGetProperty("sets", out var sets) || sets.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("the poll answer has no sets object");
        }

        int count = 0;
        foreach (var set in sets.EnumerateObject())
        {
            if (++count > settings.MaxEventsPerPoll)
            {
                break; // more than asked for: the rest come again
            }

            if (set.Value.ValueKind != JsonValueKind.String)
            {
                pending.Errors[set.Name] = ("invalid_request", "the SET is not a string");
                continue;
            }

            var current = receiver.Find(stream.Id) ?? stream;
            var outcome = await receiver.ReceiveAsync(current, set.Value.GetString()!, cancellation).ConfigureAwait(false);
            if (outcome.Accepted)
            {
                pending.Acks.Add(set.Name);
            }
            else if (outcome.Error is not null)
            {
                pending.Errors[set.Name] = (outcome.Error, outcome.Description ?? "");
            }
        }

        bool more = document.RootElement.TryGetProperty("moreAvailable", out var m) && m.ValueKind == JsonValueKind.True;
        return count > 0 || more;
    }
}
