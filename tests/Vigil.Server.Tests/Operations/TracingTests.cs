using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vigil.Server.Tests.Operations;

public sealed class TracingTests
{
    [Fact]
    public async Task Evaluation_EmitsASpanWithOutcomeAndNoSubject()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Vigil.Server",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var service = await TestService.StartAsync(o => o.OtlpEndpoint = "http://127.0.0.1:1");
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluation", """{"subject":{"type":"user","id":"secret-person"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""");
        string id = body.GetProperty("context").GetProperty("decision_id").GetString()!;

        // Other tests run in parallel and emit spans too: pick this request's by its decision id.
        var span = Assert.Single(spans, s => s.OperationName == "vigil.evaluate" && (string?)s.GetTagItem("vigil.decision_id") == id);
        Assert.Equal("permit", span.GetTagItem("vigil.outcome"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("secret-person", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Validate_BadOtlpEndpoint_NamesTheSetting()
    {
        var options = new ServerOptions { DataDirectory = "d", OtlpEndpoint = "collector:4317" };
        Assert.Contains(options.Validate(), e => e.Contains("--otlp-endpoint", StringComparison.Ordinal));
    }
}
