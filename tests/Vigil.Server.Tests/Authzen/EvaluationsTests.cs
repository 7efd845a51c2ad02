using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Authzen;

public sealed class EvaluationsTests
{
    private const string Batch = """
        {"subject":{"type":"user","id":"alice"},"action":{"name":"read"},
         "options":{"evaluations_semantic":"SEMANTIC"},
         "evaluations":[
           {"resource":{"type":"doc","id":"one"}},
           {"resource":{"type":"doc","id":"deny"}},
           {"resource":{"type":"doc","id":"three"}},
           {"resource":{"type":"doc","id":"four"},"action":{"name":"delete"}}
         ]}
        """;

    private static async Task<bool[]> Decisions(TestService service, string semantic)
    {
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluations", Batch.Replace("SEMANTIC", semantic, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. body.GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("decision").GetBoolean())];
    }

    [Fact]
    public async Task Evaluations_ExecuteAll_AnswersEveryItemInOrder()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        bool[] decisions = await Decisions(service, "execute_all");
        Assert.Equal(new bool[] { true, false, true, true }, decisions);
    }

    [Fact]
    public async Task Evaluations_DenyOnFirstDeny_StopsAtTheDeny()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        bool[] decisions = await Decisions(service, "deny_on_first_deny");
        Assert.Equal(new bool[] { true, false }, decisions);
    }

    [Fact]
    public async Task Evaluations_PermitOnFirstPermit_StopsAtThePermit()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        bool[] decisions = await Decisions(service, "permit_on_first_permit");
        Assert.Equal(new bool[] { true }, decisions);
    }

    [Fact]
    public async Task Evaluations_ItemSubject_ReplacesDefaultWhole()
    {
        await using var service = await TestService.StartAsync();
        var (_, _) = await service.PostJsonAsync("/access/v1/evaluations", """
            {"subject":{"type":"user","id":"alice","properties":{"department":"finance"}},"action":{"name":"read"},"resource":{"type":"doc","id":"x"},
             "evaluations":[{},{"subject":{"type":"user","id":"bob"}}]}
            """);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Single(store.ReadDecisions("alice"));
        var bob = JsonDocument.Parse(Assert.Single(store.ReadDecisions("bob")).Record).RootElement;
        Assert.Equal("x", bob.GetProperty("resource_id").GetString());
    }

    [Fact]
    public async Task Evaluations_MalformedItem_Returns400NamingTheItemAndDecidesNothing()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluations",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"evaluations":[{"resource":{"type":"doc","id":"1"}},{"resource":{"type":"doc"}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("evaluations[1]: resource.id", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(0, store.AuditCount());
    }

    [Theory]
    [InlineData("""{"ip":"not-an-ip"}""", "evaluations[2]: context: source.ip")]
    [InlineData("""{"ip":"81.2.69.12","time":"yesterday"}""", "evaluations[2]: context: @timestamp")]
    [InlineData("""{"ip":"81.2.69.12","event_action":"logout"}""", "evaluations[2]: context.event_action")]
    public async Task Evaluations_ThirdItemDoesNotMap_DecidesLearnsAndAuditsNothing(string badContext, string expected)
    {
        // Issue 11, defect 7: the first two items were decided, journaled and audited before the third was refused.
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluations",
            $$$"""
            {"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},
             "evaluations":[{"context":{"ip":"81.2.69.10","event_id":"e1"}},{"context":{"ip":"81.2.69.11","event_id":"e2"}},{"context":{{{badContext}}}}]}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(0, store.AuditCount());
        Assert.Empty(store.ReadJournal(0));
    }

    [Fact]
    public async Task Evaluations_UnknownSemantic_Returns400()
    {
        await using var service = await TestService.StartAsync();
        var (response, _) = await service.PostJsonAsync("/access/v1/evaluations", Batch.Replace("SEMANTIC", "sometimes", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Evaluations_WithoutItems_AnswersAsASingleEvaluation()
    {
        await using var service = await TestService.StartAsync();
        var (_, body) = await service.PostJsonAsync("/access/v1/evaluations",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"evaluations":[]}""");
        Assert.True(body.GetProperty("decision").GetBoolean());
    }
}
