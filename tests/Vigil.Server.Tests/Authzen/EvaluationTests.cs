using System.Net;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Storage;

namespace Vigil.Server.Tests.Authzen;

public sealed class EvaluationTests
{
    private const string Bare = """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"}}""";

    private static Action<ServerOptions> Enforced => o => o.PolicyFactory = _ => new FixedPolicy();

    [Fact]
    public async Task Evaluation_BareQuestion_PermitsWithRiskAndDecisionId()
    {
        await using var service = await TestService.StartAsync(Enforced);
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", Bare);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("decision").GetBoolean());
        var context = body.GetProperty("context");
        Assert.False(string.IsNullOrEmpty(context.GetProperty("decision_id").GetString()));
        Assert.InRange(context.GetProperty("risk").GetProperty("score").GetInt32(), 0, 100);
    }

    [Fact]
    public async Task Evaluation_Deny_Is200WithDecisionFalseAndUserReason()
    {
        await using var service = await TestService.StartAsync(Enforced);
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"deny"},"unknown_field":1}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("decision").GetBoolean());
        Assert.Equal("deny", body.GetProperty("context").GetProperty("outcome").GetString());
        Assert.True(body.GetProperty("context").TryGetProperty("reason_user", out _));
    }

    [Fact]
    public async Task Evaluation_StepUp_IsDenyWithAcrValuesAndMaxAge()
    {
        await using var service = await TestService.StartAsync(Enforced);
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"stepup"}}""");

        Assert.False(body.GetProperty("decision").GetBoolean());
        Assert.Equal("phr", body.GetProperty("context").GetProperty("acr_values").GetString());
        Assert.Equal(300, body.GetProperty("context").GetProperty("max_age").GetInt32());
    }

    [Fact]
    public async Task Evaluation_MonitorMode_PermitsAndReportsWouldBe()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy(RolloutMode.Monitor));
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"deny"}}""");

        Assert.True(body.GetProperty("decision").GetBoolean());
        Assert.Equal("deny", body.GetProperty("context").GetProperty("would_be").GetString());
    }

    [Fact]
    public async Task Evaluation_BareDecisionsSetting_AnswersDecisionOnly()
    {
        await using var service = await TestService.StartAsync(o => { o.PolicyFactory = _ => new FixedPolicy(); o.BareDecisions = true; });
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluation", Bare);
        Assert.Equal("""{"decision":true}""", body.GetRawText());
    }

    [Theory]
    [InlineData("""{"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""", "subject is missing")]
    [InlineData("""{"subject":{"id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""", "subject.type")]
    [InlineData("""{"subject":{"type":"user","id":"alice"},"action":{},"resource":{"type":"doc","id":"1"}}""", "action.name")]
    [InlineData("""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc"}}""", "resource.id")]
    [InlineData("""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"not-an-ip"}}""", "source.ip")]
    [InlineData("""{"subject":""", "not valid JSON")]
    public async Task Evaluation_MalformedRequest_Returns400NamingTheProblem(string json, string expected)
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluation_RequestId_IsEchoed()
    {
        await using var service = await TestService.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/access/v1/evaluation") { Content = new StringContent(Bare, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Request-ID", "req-42");
        var response = await service.Client.SendAsync(request);
        Assert.Equal("req-42", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task Evaluation_WithoutKey_Is401AndWithWrongScope_Is403()
    {
        await using var service = await TestService.StartAsync();
        using var anonymous = service.ClientWithKey("");
        anonymous.DefaultRequestHeaders.Remove("X-API-Key");
        var (noKey, _) = await service.PostJsonAsync("/access/v1/evaluation", Bare, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        using var badKey = service.ClientWithKey("vgk_000000000000_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", Bare, badKey)).Response.StatusCode);

        using var ingestOnly = service.ClientWithKey(await service.CreateKeyAsync("collector", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/access/v1/evaluation", Bare, ingestOnly)).Response.StatusCode);

        using var evaluator = service.ClientWithKey(await service.CreateKeyAsync("gateway", "evaluate"));
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Bare, evaluator)).Response.StatusCode);
    }

    [Fact]
    public async Task Evaluation_WithTelemetry_IsJournaledAndLearned_BareQuestionIsNot()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Bare);
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"},"context":{"ip":"81.2.69.10","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""");
        Assert.True(body.GetProperty("decision").GetBoolean());

        var store = await service.StoreAfterAuditFlushAsync();
        var journal = store.ReadJournal(0);
        var entry = Assert.Single(journal);
        Assert.Equal("ev-1", entry.EventId);
        Assert.Equal(2, store.AuditCount());
    }

    [Fact]
    public async Task Evaluation_EveryDecision_IsInAVerifiedAuditChain()
    {
        string dir;
        await using (var service = await TestService.StartAsync(Enforced, TempDir.Create()))
        {
            dir = service.Options.DataDirectory;
            for (int i = 0; i < 5; i++)
            {
                await service.PostJsonAsync("/access/v1/evaluation", Bare);
            }

            await service.PostJsonAsync("/access/v1/evaluations",
                """{"subject":{"type":"user","id":"bob"},"action":{"name":"read"},"evaluations":[{"resource":{"type":"doc","id":"a"}},{"resource":{"type":"doc","id":"b"}}]}""");
        }

        var verification = AuditVerifier.Verify(dir);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(7, verification.RecordsChecked);
    }

    [Fact]
    public async Task Evaluation_FsyncedAudit_RecordsEveryDecision()
    {
        string dir;
        await using (var service = await TestService.StartAsync(o => o.Audit = AuditDurability.Fsynced, TempDir.Create()))
        {
            dir = service.Options.DataDirectory;
            for (int i = 0; i < 20; i++)
            {
                await service.PostJsonAsync("/access/v1/evaluation", Bare);
            }
        }

        Assert.Equal(20, AuditVerifier.Verify(dir).RecordsChecked);
    }
}
