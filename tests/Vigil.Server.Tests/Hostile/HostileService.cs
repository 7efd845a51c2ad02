using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// The real service (TestService, over HTTP) in enforce mode with a deny-by-default policy: only alice may read
/// documents; everything else is denied, risk bands are off so that risk cannot turn a permit into anything else.
/// Shared by the tests of one class (they run one after another).
/// </summary>
public sealed class HostileService : IAsyncLifetime
{
    /// <summary>The policy: no segment matches an app (deny, VG2001); in the doc segment, only alice's reads are permitted.</summary>
    public const string Policy = """
        version: hostile-1
        mode: enforce
        segments:
          - name: docs
            match: { types: [doc] }
            sensitivity: low
            bands: { step_up_at: 101, limit_at: 101, deny_at: 101 }
            rules:
              - name: alice-reads
                actions: [read]
                subjects: { ids: [alice] }
        data:
          subjects:
            alice: { department: x }
            bob: { department: x }
            mallory: { department: y }
          resources:
            d1: { type: doc }
            d2: { type: doc }
            a1: { type: app }
        """;

    private static int _instances;
    private string? _policyFile;

    public TestService Service { get; private set; } = null!;

    /// <summary>Whether the policy permits this question, whatever else the request carries.</summary>
    public static bool Permits(string? subjectId, string? action, string? resourceType) =>
        subjectId == "alice" && string.Equals(action, "read", StringComparison.OrdinalIgnoreCase) && resourceType == "doc";

    public async Task InitializeAsync()
    {
        _policyFile = Path.Combine(Path.GetTempPath(), $"vigil-hostile-{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}.yaml");
        await File.WriteAllTextAsync(_policyFile, Policy);
        Service = await TestService.StartAsync(o =>
        {
            o.PolicyPath = _policyFile;
            o.Mode = Vigil.Core.Decisions.RolloutMode.Enforce;
        });
    }

    /// <summary>Sends raw bytes (the body is not re-encoded, so invalid UTF-8 reaches the service as written).</summary>
    public async Task<HostileAnswer> SendAsync(string path, byte[] body, string contentType = "application/json", string? contentEncoding = null)
    {
        using var content = new ByteArrayContent(body);

        // Without validation, so that a header no client library would write still reaches the service.
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentEncoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }

        using var response = await Service.Client.PostAsync(path, content);
        string text = await response.Content.ReadAsStringAsync();
        JsonElement? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        return new HostileAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, json);
    }

    public async Task AssertAliveAsync()
    {
        using var health = await Service.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        if (_policyFile is not null)
        {
            File.Delete(_policyFile);
        }
    }
}
