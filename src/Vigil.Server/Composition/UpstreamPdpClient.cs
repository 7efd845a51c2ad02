using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Server.Authzen;

namespace Vigil.Server.Composition;

/// <summary>
/// Asks the upstream AuthZEN 1.0 PDP (<c>POST {url}/access/v1/evaluation</c>) the caller's question with Vigil's risk
/// added to <c>context.risk</c>. Bounded by a timeout and a circuit breaker; never throws: a failure is an answer
/// without a decision, which <see cref="DecisionComposer"/> treats as a deny.
/// </summary>
internal sealed class UpstreamPdpClient : IDisposable
{
    /// <summary>The most of an upstream answer read: an AuthZEN decision is a few hundred bytes.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _evaluation;
    private readonly TimeSpan _timeout;
    private readonly CircuitBreaker _circuit;
    private readonly ILogger<UpstreamPdpClient> _logger;

    public UpstreamPdpClient(UpstreamPdpSettings settings, TimeProvider time, ILogger<UpstreamPdpClient> logger)
    {
        _evaluation = new Uri(settings.Url!.TrimEnd('/') + "/access/v1/evaluation");
        _timeout = TimeSpan.FromMilliseconds(settings.TimeoutMs);
        _circuit = new CircuitBreaker(settings.FailuresToOpen, TimeSpan.FromSeconds(settings.OpenSeconds), time);
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false, ConnectTimeout = _timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline
        };
        if (settings.TokenFile is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(settings.TokenFile).Trim());
        }
    }

    /// <summary>True while the upstream is not asked (its circuit is open).</summary>
    public bool CircuitOpen => _circuit.IsOpen;

    public async ValueTask<UpstreamAnswer> AskAsync(AuthzenEvaluation evaluation, RiskAssessment assessment, Decision vigil, CancellationToken aborted)
    {
        var combining = vigil.Upstream;
        if (!_circuit.TryEnter())
        {
            return new UpstreamAnswer(combining, null, 0, "circuit_open");
        }

        long started = Stopwatch.GetTimestamp();
        string? error;
        bool? permitted = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(_timeout);
        try
        {
            using var content = new ByteArrayContent(Body(evaluation, assessment, vigil));
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync(_evaluation, content, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                error = "status_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                permitted = await ReadDecisionAsync(response, deadline.Token).ConfigureAwait(false);
                error = permitted is null ? "not_a_decision" : null;
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            error = "timeout";
        }
        catch (HttpRequestException)
        {
            error = "unreachable";
        }

        double latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (error is null)
        {
            _circuit.Succeeded();
        }
        else if (_circuit.Failed())
        {
            CompositionLog.CircuitOpened(_logger, error);
        }

        return new UpstreamAnswer(combining, permitted, Math.Round(latencyMs, 3), error);
    }

    /// <summary>The caller's question as it came, with <c>context.risk</c> set by Vigil (a caller's own <c>risk</c> is dropped: it cannot vouch for itself).</summary>
    private static byte[] Body(AuthzenEvaluation evaluation, in RiskAssessment assessment, in Decision vigil)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("subject");
            WriteEntity(w, evaluation.Subject.Type, evaluation.Subject.Id, evaluation.Subject.Properties);
            w.WriteStartObject("action");
            w.WriteString("name", evaluation.Action.Name);
            if (evaluation.Action.Properties.ValueKind == JsonValueKind.Object)
            {
                w.WritePropertyName("properties");
                evaluation.Action.Properties.WriteTo(w);
            }

            w.WriteEndObject();
            w.WritePropertyName("resource");
            WriteEntity(w, evaluation.Resource.Type, evaluation.Resource.Id, evaluation.Resource.Properties);
            w.WriteStartObject("context");
            if (evaluation.Context.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in evaluation.Context.EnumerateObject())
                {
                    if (!property.NameEquals("risk"))
                    {
                        property.WriteTo(w);
                    }
                }
            }

            w.WriteStartObject("risk");
            w.WriteNumber("score", assessment.Score);
            w.WriteString("level", DecisionMapper.LevelText(assessment.Level));
            w.WriteString("assurance", DecisionMapper.OutcomeText(vigil.WouldBe));
            w.WriteStartArray("reasons");
            for (int i = 0; i < assessment.FactorCount; i++)
            {
                w.WriteStringValue(assessment.Factor(i).CodeText);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEntity(Utf8JsonWriter w, string type, string id, JsonElement properties)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("id", id);
        if (properties.ValueKind == JsonValueKind.Object)
        {
            w.WritePropertyName("properties");
            properties.WriteTo(w);
        }

        w.WriteEndObject();
    }

    /// <summary>The answer's <c>decision</c>, or null when the body is too large, not JSON, or has no boolean decision.</summary>
    private static async Task<bool?> ReadDecisionAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        if (response.Content.Headers.ContentLength is > MaxAnswerBytes)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(MaxAnswerBytes + 1);
            try
            {
                int total = 0, read;
                while (total <= MaxAnswerBytes && (read = await stream.ReadAsync(rented.AsMemory(total, MaxAnswerBytes + 1 - total), cancel).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                if (total > MaxAnswerBytes)
                {
                    return null;
                }

                try
                {
                    using var document = JsonDocument.Parse(rented.AsMemory(0, total), new JsonDocumentOptions { MaxDepth = 16 });
                    return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("decision", out var decision) && decision.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? decision.GetBoolean()
                        : null;
                }
                catch (JsonException)
                {
                    return null;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
