namespace Vigil.Server.Tests.Authzen;

/// <summary>Issue 11, AuthZEN conformance: every search decides its candidates with the request's action properties.</summary>
public sealed class SearchActionPropertiesTests
{
    private const string Rules = """
        version: safe-methods
        mode: enforce
        segments:
          - name: docs
            match: { types: [doc] }
            rules:
              - name: safe-reads
                actions: [read]
                condition: '"method" in action.properties && action.properties.method == "GET"'
        """;

    private const string Directory = """
        subjects:
          alice: {}
          bob: {}
        resources:
          d1: { type: doc }
          d2: { type: doc }
        """;

    private static async Task<TestService> StartAsync()
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

    private static async Task<string[]> ResultsAsync(TestService service, string path, string body, string field)
    {
        var (response, json) = await service.PostJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return [.. json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty(field).GetString()!)];
    }

    [Fact]
    public async Task SearchSubject_ConditionOnActionProperties_Honoured()
    {
        await using var service = await StartAsync();

        var get = await ResultsAsync(service, "/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read","properties":{"method":"GET"}},"resource":{"type":"doc","id":"d1"}}""", "id");
        var delete = await ResultsAsync(service, "/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read","properties":{"method":"DELETE"}},"resource":{"type":"doc","id":"d1"}}""", "id");

        Assert.Equal(["alice", "bob"], get);
        Assert.Empty(delete);
    }

    [Fact]
    public async Task SearchResource_ConditionOnActionProperties_Honoured()
    {
        await using var service = await StartAsync();

        var get = await ResultsAsync(service, "/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read","properties":{"method":"GET"}},"resource":{"type":"doc"}}""", "id");
        var none = await ResultsAsync(service, "/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc"}}""", "id");

        Assert.Equal(["d1", "d2"], get);
        Assert.Empty(none);
    }

    [Fact]
    public async Task SearchAction_ActionPropertiesGiven_AppliedToEveryCandidate()
    {
        await using var service = await StartAsync();

        var get = await ResultsAsync(service, "/access/v1/search/action",
            """{"subject":{"type":"user","id":"alice"},"action":{"properties":{"method":"GET"}},"resource":{"type":"doc","id":"d1"}}""", "name");
        var none = await ResultsAsync(service, "/access/v1/search/action",
            """{"subject":{"type":"user","id":"alice"},"resource":{"type":"doc","id":"d1"}}""", "name");

        Assert.Equal(["read"], get);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Search_AnswersAgreeWithEvaluation()
    {
        await using var service = await StartAsync();

        var (_, evaluation) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"bob"},"action":{"name":"read","properties":{"method":"GET"}},"resource":{"type":"doc","id":"d2"}}""");
        var subjects = await ResultsAsync(service, "/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read","properties":{"method":"GET"}},"resource":{"type":"doc","id":"d2"}}""", "id");

        Assert.True(evaluation.GetProperty("decision").GetBoolean());
        Assert.Contains("bob", subjects);
    }
}
