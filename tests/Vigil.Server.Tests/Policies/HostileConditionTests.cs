using System.Net;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Policies;

/// <summary>
/// Issue 11, "CEL under hostile data", over real HTTP: request data that makes a deny condition blow the CEL memory
/// budget, or makes a dyn deny condition a non-bool, answers 200 with a denial naming the rule (VG2004), never a 5xx
/// and never a permit.
/// </summary>
public sealed class HostileConditionTests
{
    private const string Rules = """
        version: hostile-http
        mode: enforce
        segments:
          - name: docs
            match: { types: [doc] }
            rules:
              - name: blocked-by-context
                effect: deny
                actions: [read]
                condition: context.blocked
              - name: tags-are-sane
                effect: deny
                actions: [read]
                condition: size(context.tags.map(t, context.tags + context.tags)) == 0
              - name: everyone-reads
                actions: [read]
        """;

    private static string Question(string context) =>
        "{\"subject\":{\"type\":\"user\",\"id\":\"mallory\"},\"action\":{\"name\":\"read\"},\"resource\":{\"type\":\"doc\",\"id\":\"d\"},\"context\":" + context + "}";

    private static string Tags(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i}\"")) + "]";

    private static async Task<TestService> StartWithRulesAsync()
    {
        var service = await TestService.StartAsync();
        var put = await service.Client.PutAsync("/v1/policy?comment=hostile", new StringContent(Rules, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return service;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> EvaluateAsync(TestService service, string context)
    {
        var response = await service.Client.PostAsync("/access/v1/evaluation", new StringContent(Question(context), Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Evaluation_OrdinaryContext_Permits()
    {
        await using var service = await StartWithRulesAsync();

        var (status, body) = await EvaluateAsync(service, "{\"blocked\": false, \"tags\": " + Tags(3) + "}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("decision").GetBoolean());
    }

    [Fact]
    public async Task Evaluation_ContextBlowsConditionMemoryBudget_DeniesNamingTheRule()
    {
        // Before the budget: 10,000 lists of 20,000 elements, OutOfMemoryException out of Evaluate and a 500.
        await using var service = await StartWithRulesAsync();

        var (status, body) = await EvaluateAsync(service, "{\"blocked\": false, \"tags\": " + Tags(10_000) + "}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("decision").GetBoolean());
        var policy = body.GetProperty("context").GetProperty("policy");
        Assert.Equal("VG2004", policy.GetProperty("reason").GetString());
        Assert.Equal("tags-are-sane", policy.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public async Task Evaluation_DynDenyConditionNotBool_DeniesNamingTheRule(string blocked)
    {
        // Before: a deny rule whose condition was not a bool was skipped, and 'everyone-reads' permitted.
        await using var service = await StartWithRulesAsync();

        var (status, body) = await EvaluateAsync(service, "{\"blocked\": " + blocked + ", \"tags\": []}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("decision").GetBoolean());
        var policy = body.GetProperty("context").GetProperty("policy");
        Assert.Equal("VG2004", policy.GetProperty("reason").GetString());
        Assert.Equal("blocked-by-context", policy.GetProperty("rule").GetString());
    }
}
