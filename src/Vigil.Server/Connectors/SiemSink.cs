using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Vigil.Server.Connectors;

/// <summary>
/// Posts a batch of documents to a SIEM: Splunk HEC (docs.splunk.com, "Format events for HTTP Event Collector":
/// events one after another in one body, <c>Authorization: Splunk &lt;token&gt;</c>; 503 means the collector is busy)
/// or an NDJSON endpoint (<c>Authorization: Bearer &lt;token&gt;</c>). Any answer but 2xx throws, so the batch is sent
/// again: at least once. Or appends them to a local NDJSON file (<see cref="ConnectorType.NdjsonFile"/>), rotated by
/// size (<see cref="RotatingFile"/>).
/// </summary>
internal sealed class SiemSink(ConnectorSettings settings, TimeProvider time, HttpClient? client = null) : ISiemSink
{
    private readonly HttpClient _client = client ?? VendorHttp.CreateClient();
    private readonly bool _ownsClient = client is null;

    public async Task<IReadOnlyList<ItemFailure>> SendAsync(IReadOnlyList<ExportDocument> documents, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        foreach (var (_, _, timeMs, _, document) in documents)
        {
            if (settings.Type == ConnectorType.SplunkHec)
            {
                // "time" in epoch seconds with milliseconds, so Splunk indexes the decision's time, not the arrival's.
                body.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"time\":{timeMs / 1000.0:0.000},\"source\":\"vigil\",\"sourcetype\":\"_json\",\"event\":")));
                body.Write(document);
                body.WriteByte((byte)'}');
            }
            else
            {
                body.Write(document);
            }

            body.WriteByte((byte)'\n');
        }

        if (settings.Type == ConnectorType.NdjsonFile)
        {
            try
            {
                RotatingFile.Append(settings.Url.LocalPath, body.GetBuffer().AsSpan(0, (int)body.Length), settings.MaxFileBytes, settings.MaxFiles);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk or a missing directory: retried with backoff, like an endpoint that does not answer.
                throw new ConnectorException($"The file {settings.Url.LocalPath} could not be written ({ex.GetType().Name}).", ex);
            }

            return [];
        }

        var url = settings.Type == ConnectorType.SplunkHec ? new Uri(settings.Url.AbsoluteUri.TrimEnd('/') + "/services/collector/event") : settings.Url;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(settings.Type == ConnectorType.SplunkHec ? "application/json" : "application/x-ndjson");
        request.Headers.Authorization = new AuthenticationHeaderValue(settings.Type == ConnectorType.SplunkHec ? "Splunk" : "Bearer", settings.Secret.Reveal());
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"The SIEM endpoint could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException("The SIEM endpoint did not answer within 60 s.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? VendorHttp.RetryAfter(response, time.GetUtcNow()) : null;
                throw VendorHttp.Failure("The SIEM endpoint", response, retry);
            }
        }

        return [];
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
