using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Connectors;

/// <summary>
/// Sends documents as OpenTelemetry log records over OTLP/HTTP with JSON encoding (opentelemetry.io/docs/specs/otlp,
/// "OTLP/HTTP"): <c>POST &lt;url&gt;/v1/logs</c>, <c>application/json</c>, one <c>resourceLogs</c> (service.name
/// vigil) with one <c>scopeLogs</c> whose <c>logRecords</c> carry the time in <c>timeUnixNano</c> (a decimal string:
/// the protobuf JSON mapping writes 64-bit integers so), a <c>severityNumber</c> from the risk level, the document as
/// the <c>body</c>'s string and its id as the <c>event.id</c> attribute. The spec's answers: 200 (with a
/// <c>partialSuccess</c> naming records refused, which must not be sent again), 400 bad data, 429 / 502 / 503 / 504
/// to retry (after <c>Retry-After</c> when given).
/// </summary>
internal sealed class OtlpLogSink(ConnectorSettings settings, TimeProvider time, HttpClient? client = null) : ISiemSink
{
    private const int MaxAnswerBytes = 1 << 20;

    private readonly HttpClient _client = client ?? VendorHttp.CreateClient();
    private readonly bool _ownsClient = client is null;
    private readonly Uri _url = settings.Url.AbsolutePath.EndsWith("/v1/logs", StringComparison.Ordinal) ? settings.Url : new Uri(settings.Url.AbsoluteUri.TrimEnd('/') + "/v1/logs");

    /// <summary>OTLP's SeverityNumber: INFO 9, WARN 13, ERROR 17, FATAL 21 (logs data model, "Field: SeverityNumber").</summary>
    public static (int Number, string Text) Severity(string? level) => level switch
    {
        "critical" => (21, "FATAL"),
        "high" => (17, "ERROR"),
        "medium" => (13, "WARN"),
        _ => (9, "INFO"),
    };

    public async Task<IReadOnlyList<ItemFailure>> SendAsync(IReadOnlyList<ExportDocument> documents, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartArray("resourceLogs");
            w.WriteStartObject();
            w.WriteStartObject("resource");
            w.WriteStartArray("attributes");
            Attribute(w, "service.name", "vigil");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("scopeLogs");
            w.WriteStartObject();
            w.WriteStartObject("scope");
            w.WriteString("name", "vigil.export");
            w.WriteEndObject();
            w.WriteStartArray("logRecords");
            string observed = Nanos(time.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var document in documents)
            {
                var (number, text) = Severity(document.Level);
                w.WriteStartObject();
                w.WriteString("timeUnixNano", Nanos(document.TimeMs));
                w.WriteString("observedTimeUnixNano", observed);
                w.WriteNumber("severityNumber", number);
                w.WriteString("severityText", text);
                w.WriteStartObject("body");
                w.WriteString("stringValue", Encoding.UTF8.GetString(document.Json));
                w.WriteEndObject();
                w.WriteStartArray("attributes");
                Attribute(w, "event.id", document.Id);
                Attribute(w, "event.name", document.Kind switch { ExportKinds.Alerts => "vigil.alert", ExportKinds.RiskChanges => "vigil.risk_change", _ => "vigil.decision" });
                Attribute(w, "vigil.format", settings.DocumentFormat == ExportFormat.Ocsf ? "ocsf" : "ecs");
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (settings.Secret.Reveal().Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Secret.Reveal());
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"The OTLP endpoint could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException("The OTLP endpoint did not answer within 60 s.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                    ? VendorHttp.RetryAfter(response, time.GetUtcNow())
                    : null;
                throw VendorHttp.Failure("The OTLP endpoint", response, retry);
            }

            // partialSuccess.rejectedLogRecords: the collector refused some for good without saying which; the spec
            // forbids sending them again, so they are counted in the health's error and the export goes on.
            byte[]? answer = await SiemSinks.ReadBoundedAsync(response, MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
            long rejected = Rejected(answer);
            return rejected > 0 ? [new ItemFailure(-1, 400, string.Create(CultureInfo.InvariantCulture, $"the collector rejected {rejected} log records"))] : [];
        }
    }

    private static long Rejected(byte[]? answer)
    {
        if (answer is null || answer.Length == 0)
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(answer, new JsonDocumentOptions { MaxDepth = 8 });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("partialSuccess", out var partial) && partial.ValueKind == JsonValueKind.Object
                && partial.TryGetProperty("rejectedLogRecords", out var count)
                ? count.ValueKind switch
                {
                    JsonValueKind.Number when count.TryGetInt64(out long n) => n,
                    JsonValueKind.String when long.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long n) => n,
                    _ => 0,
                }
                : 0;
        }
        catch (JsonException)
        {
            return 0; // a 200 with an unreadable body took the batch
        }
    }

    private static string Nanos(long ms) => (ms * 1_000_000L).ToString(CultureInfo.InvariantCulture);

    private static void Attribute(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteStartObject("value");
        w.WriteString("stringValue", value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
