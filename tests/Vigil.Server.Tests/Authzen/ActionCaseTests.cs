namespace Vigil.Server.Tests.Authzen;

/// <summary>
/// Issue 11, AuthZEN conformance: action names are case-sensitive strings, compared exactly as the policy and the
/// request spell them (they used to be lower-cased on the way in, so a policy granting <c>GET</c> never matched).
/// </summary>
public sealed class ActionCaseTests
{
    private const string Rules = """
        version: http-methods
        mode: enforce
        segments:
          - name: api
            match: { types: [endpoint] }
            rules:
              - name: anyone-gets
                actions: [GET]
              - name: writers-post
                actions: [POST]
                subjects: { ids: [writer] }
        """;

    private const string Directory = """
        subjects:
          reader: {}
          writer: {}
        resources:
          orders: { type: endpoint }
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

    private static string Question(string subject, string action) =>
        $$$"""{"subject":{"type":"user","id":"{{{subject}}}"},"action":{"name":"{{{action}}}"},"resource":{"type":"endpoint","id":"orders"}}""";

    [Fact]
    public async Task Evaluation_PolicyGrantsUpperCaseAction_MatchesExactlyThatSpelling()
    {
        await using var service = await StartAsync();

        var (_, upper) = await service.PostJsonAsync("/access/v1/evaluation", Question("reader", "GET"));
        var (_, lower) = await service.PostJsonAsync("/access/v1/evaluation", Question("reader", "get"));

        Assert.True(upper.GetProperty("decision").GetBoolean());
        Assert.Equal("anyone-gets", upper.GetProperty("context").GetProperty("policy").GetProperty("rule").GetString());
        Assert.False(lower.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2002", lower.GetProperty("context").GetProperty("policy").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Evaluations_MixedCaseActions_EachComparedExactly()
    {
        await using var service = await StartAsync();

        var (_, body) = await service.PostJsonAsync("/access/v1/evaluations",
            """{"subject":{"type":"user","id":"writer"},"resource":{"type":"endpoint","id":"orders"},"evaluations":[{"action":{"name":"POST"}},{"action":{"name":"Post"}},{"action":{"name":"GET"}}]}""");

        Assert.Equal([true, false, true], body.GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("decision").GetBoolean()));
    }

    [Fact]
    public async Task SearchAction_PolicySpellsActionsInUpperCase_ListsThemAsSpelled()
    {
        await using var service = await StartAsync();

        var (_, writer) = await service.PostJsonAsync("/access/v1/search/action",
            """{"subject":{"type":"user","id":"writer"},"resource":{"type":"endpoint","id":"orders"}}""");
        var (_, reader) = await service.PostJsonAsync("/access/v1/search/action",
            """{"subject":{"type":"user","id":"reader"},"resource":{"type":"endpoint","id":"orders"}}""");

        Assert.Equal(["GET", "POST"], writer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["GET"], reader.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task SearchSubject_ActionAsTheClientSpellsIt_DecidedExactly()
    {
        await using var service = await StartAsync();

        var (_, post) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"POST"},"resource":{"type":"endpoint","id":"orders"}}""");
        var (_, lower) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"post"},"resource":{"type":"endpoint","id":"orders"}}""");

        Assert.Equal(["writer"], post.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Empty(lower.GetProperty("results").EnumerateArray());
    }
}
