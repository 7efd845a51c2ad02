using System.Net;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Tests.Authzen;

/// <summary>
/// Issue 11, defect 1: in enforce mode with a deny-by-default policy, no context value may turn a request into a path
/// the policy does not decide, on any AuthZEN route; and an error while deciding is a deny, never a permit or a 500.
/// </summary>
public sealed class FailClosedTests
{
    /// <summary>Only root may read documents; everything else is denied by default.</summary>
    private const string Rules = """
        version: deny-by-default
        mode: enforce
        segments:
          - name: docs
            match: { types: [doc] }
            rules:
              - name: root-reads
                actions: [read]
                subjects: { ids: [root] }
        """;

    private const string Directory = """
        subjects:
          alice: {}
          bob: {}
          root: {}
        resources:
          d1: { type: doc }
          d2: { type: doc }
        """;

    /// <summary>The values that answered "decision": true with VG2010 before the fix (JSON fragments).</summary>
    public static TheoryData<string> NonAccessActions => ["\"logout\"", "\"\"", "\"x\"", "\"sign-out\"", "\"device-posture\"", "true", "42", "\"mfa\"", "{}"];

    private static async Task<TestService> StartDenyByDefault()
    {
        string files = TempDir.Create();
        string rules = Path.Combine(files, "rules.yaml");
        string directory = Path.Combine(files, "directory.yaml");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllTextAsync(directory, Directory);
        return await TestService.StartAsync(o =>
        {
            o.PolicyPath = rules;
            o.DataPath = directory;
        });
    }

    private static string Context(string action) => $$"""{"event_action":{{action}},"ip":"81.2.69.10"}""";

    private static void AssertRefusedNamingTheField(HttpResponseMessage response, JsonElement body)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("context.event_action", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonAccessActions))]
    public async Task Evaluation_NonAccessEventAction_IsRefusedNeverPermitted(string action)
    {
        await using var service = await StartDenyByDefault();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation",
            $$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"delete"},"resource":{"type":"doc","id":"d1"},"context":{{Context(action)}}}""");
        AssertRefusedNamingTheField(response, body);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(0, store.AuditCount());
        Assert.Empty(store.ReadJournal(0));
    }

    [Theory]
    [MemberData(nameof(NonAccessActions))]
    public async Task Evaluations_NonAccessEventActionInAnItemOrTheDefaults_IsRefusedNeverPermitted(string action)
    {
        await using var service = await StartDenyByDefault();
        var (inItem, itemBody) = await service.PostJsonAsync("/access/v1/evaluations",
            $$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"evaluations":[{"resource":{"type":"doc","id":"d1"},"context":{{Context(action)}}}]}""");
        AssertRefusedNamingTheField(inItem, itemBody);
        Assert.Contains("evaluations[0]: ", itemBody.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (inDefaults, defaultsBody) = await service.PostJsonAsync("/access/v1/evaluations",
            $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"context":{{{Context(action)}}},"evaluations":[{"resource":{"type":"doc","id":"d1"}},{"resource":{"type":"doc","id":"d2"}}]}""");
        AssertRefusedNamingTheField(inDefaults, defaultsBody);
        Assert.Equal(0, (await service.StoreAfterAuditFlushAsync()).AuditCount());
    }

    [Theory]
    [MemberData(nameof(NonAccessActions))]
    public async Task Search_NonAccessEventAction_IsRefusedOnEverySearch(string action)
    {
        await using var service = await StartDenyByDefault();
        string context = Context(action);
        var (subjects, subjectsBody) = await service.PostJsonAsync("/access/v1/search/subject",
            $$"""{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"},"context":{{context}}}""");
        AssertRefusedNamingTheField(subjects, subjectsBody);
        var (resources, resourcesBody) = await service.PostJsonAsync("/access/v1/search/resource",
            $$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc"},"context":{{context}}}""");
        AssertRefusedNamingTheField(resources, resourcesBody);
        var (actions, actionsBody) = await service.PostJsonAsync("/access/v1/search/action",
            $$"""{"subject":{"type":"user","id":"alice"},"resource":{"type":"doc","id":"d1"},"context":{{context}}}""");
        AssertRefusedNamingTheField(actions, actionsBody);
    }

    [Theory]
    [InlineData("\"sign-in\"")]
    [InlineData("\"resource-access\"")]
    [InlineData("\"api-call\"")]
    [InlineData("\"token-use\"")]
    [InlineData("null")]
    public async Task Evaluation_AccessEventAction_IsDecidedByThePolicy(string action)
    {
        await using var service = await StartDenyByDefault();
        string Question(string subject) =>
            $$$"""{"subject":{"type":"user","id":"{{{subject}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"},"context":{"event_action":{{{action}}}}}""";
        var (_, alice) = await service.PostJsonAsync("/access/v1/evaluation", Question("alice"));
        Assert.False(alice.GetProperty("decision").GetBoolean());
        var (_, root) = await service.PostJsonAsync("/access/v1/evaluation", Question("root"));
        Assert.True(root.GetProperty("decision").GetBoolean());
    }

    [Fact]
    public async Task Search_DenyByDefault_ListsOnlyWhatThePolicyGrants()
    {
        await using var service = await StartDenyByDefault();
        var (_, subjects) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"},"context":{"event_action":"sign-in"}}""");
        Assert.Equal(["root"], subjects.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Evaluation_PolicyThrows_IsAnAuditedDenyNot500()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new ThrowingPolicy());
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", TestService.Question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2011", body.GetProperty("context").GetProperty("policy").GetProperty("reason").GetString());

        var (batch, batchBody) = await service.PostJsonAsync("/access/v1/evaluations",
            """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"evaluations":[{"resource":{"type":"doc","id":"1"}},{"resource":{"type":"doc","id":"2"}}]}""");
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.All(batchBody.GetProperty("evaluations").EnumerateArray(), e => Assert.False(e.GetProperty("decision").GetBoolean()));
        Assert.Equal(3, (await service.StoreAfterAuditFlushAsync()).AuditCount());
    }

    private sealed class ThrowingPolicy : IDecisionPolicy
    {
        public Decision Decide(in TelemetryEvent request, in RiskAssessment assessment) => throw new InvalidOperationException("policy bug");
    }
}
