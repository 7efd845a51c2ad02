using System.Net;
using System.Text;

namespace Vigil.Server.Tests.Operations;

/// <summary>Issue 11, defect 3: memory pressure answers 429 with Retry-After before the process is in trouble.</summary>
public sealed class MemoryPressureTests
{
    private const string Line = """{"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"sign-in","outcome":"success"},"user":{"id":"bob"},"source":{"ip":"81.2.69.10"}}""";

    [Fact]
    public async Task Ingest_HeapAboveMemoryLimit_Answers429WithRetryAfterAndJournalsNothing()
    {
        // 1 MiB: any running service holds more than that, so every ingestion meets the limit.
        await using var service = await TestService.StartAsync(o => o.MemoryLimitMegabytes = 1);
        var response = await service.Client.PostAsync("/v1/events", new StringContent(Line, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("memory", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Empty(store.ReadJournal(0, 10));
    }

    [Fact]
    public async Task Ingest_HeapBelowMemoryLimit_IsAccepted()
    {
        await using var service = await TestService.StartAsync(o => o.MemoryLimitMegabytes = 1 << 20);
        var response = await service.Client.PostAsync("/v1/events", new StringContent(Line, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
