using System.Globalization;
using System.Net;
using System.Text.Json;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>
/// <c>vigil connect</c>: a one-off backfill with the service's connector code. Reads the vendor's log from the
/// settings' start until it is caught up, honouring the same rate limits, and writes every record as one NDJSON
/// line (the vendor's own JSON, readable by <c>vigil score</c> and <c>POST /v1/events?format=...</c>) or posts each
/// page to a running service's <c>/v1/events</c>, waiting when it answers 429.
/// </summary>
internal static class ConnectorBackfill
{
    private const int MaxAttempts = 6;

    /// <summary>
    /// Reads <paramref name="settings"/> (a JSON object with the keys of one <c>--connectors</c> entry), every
    /// problem into <paramref name="errors"/>.
    /// </summary>
    public static ConnectorSettings? ReadSettings(JsonElement settings, Func<string, string?> environment, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        using var document = JsonDocument.Parse($$"""{"connectors":[{{settings.GetRawText()}}]}""");
        var list = ConnectorConfig.Read(document.RootElement, environment, errors);
        return errors.Count == 0 ? list[0] : null;
    }

    /// <summary>
    /// Pulls until caught up. <paramref name="output"/> gets the records as NDJSON when not null; else each page
    /// goes to <paramref name="ingestUrl"/> with <paramref name="apiKey"/>. Progress and the totals go to
    /// <paramref name="log"/>. Returns 0, or 1 when the vendor or the service kept failing.
    /// </summary>
    public static async Task<int> RunAsync(ConnectorSettings settings, Stream? output, Uri? ingestUrl, string? apiKey, TextWriter log, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        using var source = LogSources.Create(settings, time);
        using var service = ingestUrl is null ? null : VendorHttp.CreateClient();
        string? cursor = null;
        long read = 0, accepted = 0, duplicates = 0, rejected = 0;
        int attempt = 0;
        while (true)
        {
            LogPage page;
            try
            {
                page = await source.FetchAsync(cursor, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex) when (++attempt < MaxAttempts)
            {
                var wait = ex.RetryAt is { } at ? at - time.GetUtcNow() : TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{ex.Message}; trying again in {Math.Max(0, wait.TotalSeconds):0} s.")).ConfigureAwait(false);
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (ConnectorException ex)
            {
                await log.WriteLineAsync($"{ex.Message}; giving up after {MaxAttempts} attempts. Read {read} records.").ConfigureAwait(false);
                return 1;
            }

            attempt = 0;
            read += page.Count;
            if (page.Count > 0 && output is not null)
            {
                foreach (var range in JsonArrays.Split(page.Records.Span, "A page"))
                {
                    await output.WriteAsync(page.Records[range], cancellationToken).ConfigureAwait(false);
                    output.WriteByte((byte)'\n');
                }
            }
            else if (page.Count > 0)
            {
                var (ok, a, d, r) = await PostAsync(service!, ingestUrl!, apiKey, source.Format, page.Records, log, time, cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    return 1;
                }

                (accepted, duplicates, rejected) = (accepted + a, duplicates + d, rejected + r);
            }

            cursor = page.Cursor;
            if (page.CaughtUp)
            {
                break;
            }

            if (page.NotBefore is { } notBefore && notBefore > time.GetUtcNow())
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rate limit used up; waiting {(notBefore - time.GetUtcNow()).TotalSeconds:0} s for the reset.")).ConfigureAwait(false);
                await Task.Delay(notBefore - time.GetUtcNow(), time, cancellationToken).ConfigureAwait(false);
            }
        }

        await log.WriteLineAsync(output is not null
            ? string.Create(CultureInfo.InvariantCulture, $"Read {read} records; caught up.")
            : string.Create(CultureInfo.InvariantCulture, $"Read {read} records; the service accepted {accepted}, {duplicates} duplicates, {rejected} refused; caught up.")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<(bool Ok, long Accepted, long Duplicates, long Rejected)> PostAsync(HttpClient client, Uri service, string? apiKey, LogFormat format, ReadOnlyMemory<byte> records, TextWriter log, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = new Uri(service, "/v1/events?format=" + LogFormats.Name(format));
        for (int attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(records) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (apiKey is not null)
            {
                request.Headers.Add("X-API-Key", apiKey);
            }

            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 60)
            {
                var wait = VendorHttp.RetryAfter(response, time.GetUtcNow()) is { } at ? at - time.GetUtcNow() : TimeSpan.FromSeconds(1);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // 400 is a page whose every record was refused: its summary says why, and the backfill goes on.
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                using var summary = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                var root = summary.RootElement;
                if (root.TryGetProperty("rejected", out var rejected))
                {
                    if (root.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                    {
                        await log.WriteLineAsync($"{rejected.GetInt64()} records refused, first: {errors[0].GetProperty("error").GetString()}").ConfigureAwait(false);
                    }

                    return (true, root.TryGetProperty("accepted", out var a) ? a.GetInt64() : 0, root.TryGetProperty("duplicates", out var d) ? d.GetInt64() : 0, rejected.GetInt64());
                }
            }

            await log.WriteLineAsync(FormattableString.Invariant($"The service at {service} answered {(int)response.StatusCode}; stopping.")).ConfigureAwait(false);
            return (false, 0, 0, 0);
        }
    }
}
