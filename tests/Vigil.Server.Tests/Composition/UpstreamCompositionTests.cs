using System.Net;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.Composition;

/// <summary>
/// Vigil composed in front of an existing PDP (issue 18, item 1): examples/integration/composed-policy.yaml in front of
/// a Cedar engine speaking AuthZEN (examples/integration/upstream.cedar: alice may do anything, but not delete at high
/// or critical risk; nobody else may do anything), under each combining rule, with the upstream slow, failing or gone.
/// </summary>
public sealed class UpstreamCompositionTests
{
    private static string PolicyFile => Path.Combine(ServerProcess.RepositoryRoot(), "examples", "integration", "composed-policy.yaml");

    private static Task<TestService> StartAsync(UpstreamPdp upstream, int timeoutMs = 2_000, int failuresToOpen = 5) => TestService.StartAsync(o =>
    {
        o.PolicyPath = PolicyFile;
        o.UpstreamPdp.Url = upstream.Url;
        o.UpstreamPdp.TokenFile = upstream.TokenFile();
        o.UpstreamPdp.TimeoutMs = timeoutMs;
        o.UpstreamPdp.FailuresToOpen = failuresToOpen;
        o.UpstreamPdp.OpenSeconds = 3_600;
    });

    private static string Question(string subject, string action, string type, string id = "1", string context = "{}") =>
        $$"""{"subject":{"type":"user","id":"{{subject}}"},"action":{"name":"{{action}}"},"resource":{"type":"{{type}}","id":"{{id}}"},"context":{{context}}}""";

    /// <summary>An observed sign-in makes the identity known; then an analyst confirms it compromised.</summary>
    private static async Task CompromiseAsync(TestService service, string identity)
    {
        string observed = $$$"""{"subject":{"type":"user","id":"{{{identity}}}"},"action":{"name":"read"},"resource":{"type":"wiki","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-{{{identity}}}","event_id":"ev-{{{identity}}}","time":"2026-03-02T08:00:00Z"}}""";
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", observed)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", $$"""{"kind":"confirm_compromised","identity":"{{identity}}"}""")).Response.StatusCode);
    }

    private static async Task<JsonElement> DecideAsync(TestService service, string question)
    {
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    private static string Reason(JsonElement answer) => answer.GetProperty("context").GetProperty("policy").GetProperty("reason").GetString()!;

    private static JsonElement Upstream(JsonElement answer) => answer.GetProperty("context").GetProperty("upstream");

    [NodeFact]
    public async Task Authoritative_UpstreamDecidesEntitlement_VigilsRiskBandsApplyOnTop()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);

        // Vigil's policy grants nothing on reports: the upstream's permit is what lets alice in.
        var alice = await DecideAsync(service, Question("alice", "write", "report"));
        Assert.True(alice.GetProperty("decision").GetBoolean());
        Assert.Equal("authoritative", Upstream(alice).GetProperty("combining").GetString());
        Assert.True(Upstream(alice).GetProperty("decision").GetBoolean());
        Assert.True(Upstream(alice).GetProperty("latency_ms").GetDouble() > 0);

        var bob = await DecideAsync(service, Question("bob", "read", "report"));
        Assert.False(bob.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2012", Reason(bob));

        // Alice reported not herself: her risk is now in Vigil's deny band, and Vigil's band overrides the permit.
        await CompromiseAsync(service, "alice");
        var risky = await DecideAsync(service, Question("alice", "write", "report"));
        Assert.False(risky.GetProperty("decision").GetBoolean());
        Assert.True(Upstream(risky).GetProperty("decision").GetBoolean());
        Assert.Equal("VG2009", Reason(risky)); // Vigil's deny band

        // The upstream's own policy reads Vigil's risk too: it forbids deleting at high or critical risk.
        var delete = await DecideAsync(service, Question("alice", "delete", "report"));
        Assert.False(Upstream(delete).GetProperty("decision").GetBoolean());
        Assert.Equal("VG2012", Reason(delete));
    }

    [NodeFact]
    public async Task DenyOverrides_BothMustPermit()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);

        Assert.True((await DecideAsync(service, Question("alice", "read", "invoice"))).GetProperty("decision").GetBoolean());
        var bob = await DecideAsync(service, Question("bob", "read", "invoice")); // Vigil permits, the upstream does not
        Assert.False(bob.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2012", Reason(bob));
        var write = await DecideAsync(service, Question("alice", "write", "invoice")); // the upstream permits, Vigil's rules do not
        Assert.False(write.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2002", Reason(write));
        Assert.True(Upstream(write).GetProperty("decision").GetBoolean());
    }

    [NodeFact]
    public async Task Advisory_UpstreamIsEnforced_VigilIsRecordedAsMonitor()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);

        var alice = await DecideAsync(service, Question("alice", "read", "memo")); // Vigil grants memos to admins only
        Assert.True(alice.GetProperty("decision").GetBoolean());
        Assert.Equal("monitor", alice.GetProperty("context").GetProperty("mode").GetString());
        Assert.Equal("deny", alice.GetProperty("context").GetProperty("would_be").GetString());
        Assert.False((await DecideAsync(service, Question("bob", "read", "memo"))).GetProperty("decision").GetBoolean());

        // Segments not composed are decided by Vigil alone, and the upstream is not asked.
        int before = (await upstream.StatsAsync()).Asked;
        var other = await DecideAsync(service, Question("bob", "read", "wiki"));
        Assert.True(other.GetProperty("decision").GetBoolean());
        Assert.False(other.GetProperty("context").TryGetProperty("upstream", out _));
        Assert.Equal(before, (await upstream.StatsAsync()).Asked);
    }

    [NodeFact]
    public async Task UpstreamQuestion_CarriesVigilsRisk_AndDropsTheCallersOwn()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);
        await CompromiseAsync(service, "mallory");

        // The caller claims low risk; the upstream must see Vigil's, not the caller's.
        await DecideAsync(service, Question("mallory", "read", "invoice", context: """{"risk":{"level":"low","score":0},"department":"sales"}"""));
        var (_, last) = await upstream.StatsAsync();
        var risk = last.GetProperty("context").GetProperty("risk");
        Assert.NotEqual("low", risk.GetProperty("level").GetString());
        Assert.True(risk.GetProperty("score").GetInt32() > 0);
        Assert.Contains(risk.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "VG1902");
        Assert.Equal("sales", last.GetProperty("context").GetProperty("department").GetString()); // the rest of the context passes through
        Assert.Equal("mallory", last.GetProperty("subject").GetProperty("id").GetString());
    }

    [NodeFact]
    public async Task UpstreamSlowFailingOrGone_FailsClosed_AndTheCircuitStopsAsking()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream, timeoutMs: 300, failuresToOpen: 3);

        await upstream.ControlAsync(status: 503);
        var failing = await DecideAsync(service, Question("alice", "read", "memo"));
        Assert.False(failing.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2013", Reason(failing));
        Assert.Equal("status_503", Upstream(failing).GetProperty("error").GetString());

        await upstream.ControlAsync(delayMs: 3_000);
        var slow = await DecideAsync(service, Question("alice", "read", "report"));
        Assert.False(slow.GetProperty("decision").GetBoolean());
        Assert.Equal("timeout", Upstream(slow).GetProperty("error").GetString());

        // A third failure opens the circuit: the next questions are denied without asking.
        await DecideAsync(service, Question("alice", "read", "invoice"));
        int asked = (await upstream.StatsAsync()).Asked;
        var open = await DecideAsync(service, Question("alice", "read", "invoice"));
        Assert.False(open.GetProperty("decision").GetBoolean());
        Assert.Equal("circuit_open", Upstream(open).GetProperty("error").GetString());
        Assert.Equal(asked, (await upstream.StatsAsync()).Asked);

        // The audit record keeps what the upstream did.
        string id = open.GetProperty("context").GetProperty("decision_id").GetString()!;
        var store = await service.StoreAfterAuditFlushAsync();
        var record = store.FindDecision(id)!;
        using var json = JsonDocument.Parse(record.Record);
        Assert.Equal("circuit_open", json.RootElement.GetProperty("upstream").GetProperty("error").GetString());
        Assert.Equal("VG2013", Reason(open));
    }

    [NodeFact]
    public async Task UpstreamGone_FailsClosed()
    {
        var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);
        await upstream.DisposeAsync();

        var gone = await DecideAsync(service, Question("alice", "read", "report"));
        Assert.False(gone.GetProperty("decision").GetBoolean());
        Assert.Equal("unreachable", Upstream(gone).GetProperty("error").GetString());
    }

    [NodeFact]
    public async Task BatchAndSearch_AreComposedItemByItem()
    {
        await using var upstream = await UpstreamPdp.StartAsync();
        await using var service = await StartAsync(upstream);

        var (response, batch) = await service.PostJsonAsync("/access/v1/evaluations", $$"""
            {"evaluations":[{{Question("alice", "read", "invoice")}},{{Question("bob", "read", "invoice")}},{{Question("bob", "read", "wiki")}}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([true, false, true], batch.GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("decision").GetBoolean()));

        // Action search on an invoice: Vigil's rules grant read only, and the upstream grants bob nothing.
        var (_, alice) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"alice"},"resource":{"type":"invoice","id":"1"}}""");
        Assert.Equal(["read"], alice.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var (_, bob) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"bob"},"resource":{"type":"invoice","id":"1"}}""");
        Assert.Empty(bob.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task ComposedSegment_WithNoUpstreamConfigured_FailsClosed()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyPath = PolicyFile);
        var answer = await DecideAsync(service, Question("alice", "read", "invoice"));
        Assert.False(answer.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2013", Reason(answer));
        Assert.Equal("not_configured", Upstream(answer).GetProperty("error").GetString());
        var (_, search) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"alice"},"resource":{"type":"invoice","id":"1"}}""");
        Assert.Empty(search.GetProperty("results").EnumerateArray());
        Assert.True((await DecideAsync(service, Question("bob", "read", "wiki"))).GetProperty("decision").GetBoolean()); // not composed: Vigil alone
    }
}
