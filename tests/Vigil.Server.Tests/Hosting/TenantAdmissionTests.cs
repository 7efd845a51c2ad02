using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Hosting;

/// <summary>
/// Issue 11, defect 3: an evaluate-scope caller created a tenant (about 530 KB) with every new <c>context.tenant</c>.
/// Tenants come from ingestion (up to <c>--max-tenants</c>); an evaluation naming an unknown tenant is decided
/// against an empty state and creates nothing, now or when the journal is replayed.
/// </summary>
public sealed class TenantAdmissionTests
{
    private static string Observed(string tenant, int n) =>
        $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"tenant":"{{{tenant}}}","ip":"81.2.69.10","event_id":"e{{{n}}}","time":"2026-03-02T08:00:00Z"}}""";

    private static string Event(string tenant, string user) =>
        $$$"""{"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"sign-in","outcome":"success"},"user":{"id":"{{{user}}}"},"labels":{"tenant":"{{{tenant}}}"},"source":{"ip":"81.2.69.10"}}""";

    private static EngineHost Host(TestService service) => (EngineHost)service.Services.GetService(typeof(EngineHost))!;

    private static async Task Drained(EngineHost host)
    {
        for (int i = 0; i < 600 && host.Pending != 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, host.Pending);
    }

    private static async Task<JsonValueKind> StateOf(TestService service, string tenant) =>
        JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/alice?tenant=" + tenant)).RootElement.GetProperty("state").ValueKind;

    [Fact]
    public async Task Evaluate_TenantDeclaredByConfiguration_IsLearnedWithoutIngestion()
    {
        await using var service = await TestService.StartAsync(o => o.Engine = o.Engine with { Tenants = new HashSet<string>(["acme"], StringComparer.Ordinal) });
        using var gateway = service.ClientWithKey(await service.CreateKeyAsync("gateway", "evaluate"));
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed("acme", 1), gateway)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed("made-up", 2), gateway)).Response.StatusCode);

        await Drained(Host(service));
        Assert.Equal(1, Host(service).Engine.TenantCount);
        Assert.Equal(JsonValueKind.Object, await StateOf(service, "acme"));
        Assert.Equal(JsonValueKind.Null, await StateOf(service, "made-up"));
    }

    [Fact]
    public void Parse_TenantRepeated_DeclaresEach()
    {
        var options = ServerArguments.Parse(["--data-dir", "d", "--tenant", "acme", "--tenant", "globex"], out var errors);
        Assert.Empty(errors);
        Assert.Equal(["acme", "globex"], options.Engine.Tenants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Evaluate_UnknownContextTenant_DecidesAndCreatesNoTenantEvenAfterRestart()
    {
        string dir = TempDir.Create();
        await using (var service = await TestService.StartAsync(dataDir: dir))
        {
            using var gateway = service.ClientWithKey(await service.CreateKeyAsync("gateway", "evaluate"));
            for (int n = 0; n < 20; n++)
            {
                var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", Observed("made-up-" + n, n), gateway);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(body.GetProperty("context").TryGetProperty("decision_id", out _));
            }

            await Drained(Host(service));
            Assert.Equal(0, Host(service).Engine.TenantCount);
            Assert.Equal(JsonValueKind.Null, await StateOf(service, "made-up-3"));
        }

        await using (var restarted = await TestService.StartAsync(dataDir: dir))
        {
            Assert.Equal(0, Host(restarted).Engine.TenantCount);
        }

        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Evaluate_TenantCreatedByIngestion_IsLearned()
    {
        await using var service = await TestService.StartAsync();
        var ingest = await service.Client.PostAsync("/v1/events", new StringContent(Event("acme", "bob"), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        await Drained(Host(service));

        await service.PostJsonAsync("/access/v1/evaluation", Observed("acme", 1));
        await Drained(Host(service));

        Assert.Equal(1, Host(service).Engine.TenantCount);
        Assert.Equal(JsonValueKind.Object, await StateOf(service, "acme"));
    }

    [Fact]
    public async Task Ingest_NewTenantPastMaxTenants_LineErrorNamesTheFieldAndGoodLinesAreKept()
    {
        await using var service = await TestService.StartAsync(o => o.Engine = o.Engine with { MaxTenants = 2 });
        var first = await service.Client.PostAsync("/v1/events", new StringContent(Event("a", "u1") + "\n" + Event("b", "u2"), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await Drained(Host(service));

        var second = await service.Client.PostAsync("/v1/events", new StringContent(Event("c", "u3") + "\n" + Event("a", "u4"), Encoding.UTF8, "application/x-ndjson"));
        var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.StartsWith("labels.tenant", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await Drained(Host(service));
        Assert.Equal(2, Host(service).Engine.TenantCount);
    }
}
