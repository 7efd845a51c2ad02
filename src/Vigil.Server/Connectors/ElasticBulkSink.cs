using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Connectors;

/// <summary>
/// Sends documents to the Elasticsearch or OpenSearch bulk API (elastic.co "Bulk API"; opensearch.org "Bulk"):
/// <c>POST /_bulk</c>, <c>application/x-ndjson</c>, an action line <c>{"create":{"_index":...,"_id":...}}</c> and the
/// document line for each, the body ending with a newline. <c>create</c> with the document's id makes a resend
/// harmless: the copy already indexed answers 409 (version_conflict_engine_exception), which counts as delivered, and
/// <c>create</c> is the one action a data stream takes. The answer is read item by item (<c>errors</c>, <c>items[i].create.status</c>,
/// in the order sent): 429 and 5xx items are to be sent again, other refusals (400 mapper_parsing_exception ...) are
/// bad data. A status for the whole request (401, 413, 429, 5xx) throws, as for every export.
/// </summary>
internal sealed class ElasticBulkSink(ConnectorSettings settings, TimeProvider time, HttpClient? client = null) : ISiemSink
{
    /// <summary>Largest answer read: about 300 bytes an item for 1,000 items, with room.</summary>
    private const int MaxAnswerBytes = 8 << 20;

    private readonly HttpClient _client = client ?? VendorHttp.CreateClient();
    private readonly bool _ownsClient = client is null;
    private readonly Uri _url = new(settings.Url.AbsoluteUri.TrimEnd('/') + "/_bulk");

    public async Task<IReadOnlyList<ItemFailure>> SendAsync(IReadOnlyList<ExportDocument> documents, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            foreach (var document in documents)
            {
                w.Reset(body);
                w.WriteStartObject();
                w.WriteStartObject("create");
                w.WriteString("_index", settings.Index);
                w.WriteString("_id", document.Id);
                w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                body.WriteByte((byte)'\n');
                body.Write(document.Json);
                body.WriteByte((byte)'\n');
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        if (settings.Secret.Reveal().Length > 0)
        {
            string token = settings.Secret.Reveal();
            request.Headers.Authorization = new AuthenticationHeaderValue(settings.AuthScheme, settings.AuthScheme == "Basic" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) : token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"The bulk API could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException("The bulk API did not answer within 60 s.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? VendorHttp.RetryAfter(response, time.GetUtcNow()) : null;
                throw VendorHttp.Failure("The bulk API", response, retry);
            }

            byte[] answer = await SiemSinks.ReadBoundedAsync(response, MaxAnswerBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectorException("The bulk API's answer is larger than 8 MiB.", 0, null);
            return Failures(answer, documents.Count);
        }
    }

    /// <summary>The items the answer did not take; a batch whose answer cannot be matched to it item by item is sent again whole.</summary>
    internal static IReadOnlyList<ItemFailure> Failures(byte[] answer, int sent)
    {
        try
        {
            using var document = JsonDocument.Parse(answer, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors) || errors.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new ConnectorException("The bulk API's answer has no \"errors\".", 0, null);
            }

            if (!errors.GetBoolean())
            {
                return [];
            }

            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != sent)
            {
                throw new ConnectorException("The bulk API's answer does not list one item per document sent.", 0, null);
            }

            var failures = new List<ItemFailure>();
            int index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var result = item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().FirstOrDefault().Value : default;
                int status = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("status", out var s) && s.TryGetInt32(out int n) ? n : 0;
                // 409 to a create: a copy with this id is already indexed (a resend), which is what was wanted.
                if (status is not ((>= 200 and < 300) or 409))
                {
                    string reason = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                        && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? Cut(type.GetString()!) : "no error type";
                    failures.Add(new ItemFailure(index, status == 0 ? 500 : status, reason));
                }

                index++;
            }

            return failures;
        }
        catch (JsonException ex)
        {
            throw new ConnectorException("The bulk API's answer is not JSON.", ex);
        }
    }

    private static string Cut(string text) => text.Length <= 80 ? text : text[..80];

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
