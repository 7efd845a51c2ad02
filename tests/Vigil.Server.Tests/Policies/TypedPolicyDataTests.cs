using System.Net;
using Vigil.Core.Policies;

namespace Vigil.Server.Tests.Policies;

/// <summary>
/// Issue 11, AuthZEN conformance: policy data is keyed by (type, id), as AuthZEN scopes ids to their type; data
/// written without types keeps matching as before.
/// </summary>
public sealed class TypedPolicyDataTests
{
    private const string Rules = """
        version: typed
        mode: enforce
        segments:
          - name: content
            match: { types: [doc, folder] }
            rules:
              - name: owners-read
                actions: [read]
                condition: '"owner" in resource.properties && resource.properties.owner == subject.id'
              - name: admins-delete
                actions: [delete]
                subjects: { roles: [admin] }
        """;

    /// <summary>Two resources and two subjects share the id 7; alice and bob are written without a type, as old data was.</summary>
    private const string Directory = """
        subjects:
          - { type: user, id: "7", roles: [admin] }
          - { type: group, id: "7", roles: [] }
          - { id: alice, roles: [admin] }
          - { id: bob }
        resources:
          - { type: doc, id: "7", properties: { owner: alice } }
          - { type: folder, id: "7", properties: { owner: bob } }
        """;

    private static async Task<TestService> StartAsync(string directory = Directory)
    {
        string files = TempDir.Create();
        string rules = Path.Combine(files, "rules.yaml");
        string data = Path.Combine(files, "directory.yaml");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllTextAsync(data, directory);
        return await TestService.StartAsync(o =>
        {
            o.PolicyPath = rules;
            o.DataPath = data;
        });
    }

    private static async Task<bool> DecideAsync(TestService service, string subjectType, string subject, string action, string resourceType, string resource)
    {
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation",
            $$$"""{"subject":{"type":"{{{subjectType}}}","id":"{{{subject}}}"},"action":{"name":"{{{action}}}"},"resource":{"type":"{{{resourceType}}}","id":"{{{resource}}}"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("decision").GetBoolean();
    }

    [Fact]
    public async Task Evaluation_TwoResourcesSameIdDifferentTypes_EachReadsItsOwnData()
    {
        await using var service = await StartAsync();

        Assert.True(await DecideAsync(service, "user", "alice", "read", "doc", "7"));
        Assert.False(await DecideAsync(service, "user", "alice", "read", "folder", "7"));
        Assert.True(await DecideAsync(service, "user", "bob", "read", "folder", "7"));
        Assert.False(await DecideAsync(service, "user", "bob", "read", "doc", "7"));
    }

    [Fact]
    public async Task Evaluation_TwoSubjectsSameIdDifferentTypes_EachHasItsOwnRoles()
    {
        await using var service = await StartAsync();

        Assert.True(await DecideAsync(service, "user", "7", "delete", "doc", "7"));
        Assert.False(await DecideAsync(service, "group", "7", "delete", "doc", "7"));
        Assert.False(await DecideAsync(service, "service", "7", "delete", "doc", "7")); // no entry of that type, none untyped
    }

    [Fact]
    public async Task Evaluation_UntypedSubject_MatchesWhateverTypeTheRequestGives()
    {
        await using var service = await StartAsync();

        Assert.True(await DecideAsync(service, "user", "alice", "delete", "doc", "7"));
        Assert.True(await DecideAsync(service, "employee", "alice", "delete", "doc", "7"));
        Assert.False(await DecideAsync(service, "user", "bob", "delete", "doc", "7"));
    }

    [Fact]
    public async Task Search_SameIdDifferentTypes_ListedUnderTheirOwnType()
    {
        await using var service = await StartAsync();

        var (_, users) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"delete"},"resource":{"type":"doc","id":"7"}}""");
        var (_, groups) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"group"},"action":{"name":"delete"},"resource":{"type":"doc","id":"7"}}""");
        var (_, folders) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"bob"},"action":{"name":"read"},"resource":{"type":"folder"}}""");
        var (_, docs) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"bob"},"action":{"name":"read"},"resource":{"type":"doc"}}""");

        Assert.Equal(["7", "alice"], users.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Equal(["alice"], groups.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Equal(["7"], folders.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Empty(docs.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task PutData_SameTypeAndIdTwice_Refused422NamingTheEntry()
    {
        await using var service = await StartAsync();

        var response = await service.Client.PutAsync("/v1/policy/data", new StringContent("""
            resources:
              - { type: doc, id: "7" }
              - { type: doc, id: "7" }
            """, System.Text.Encoding.UTF8, "application/yaml"));
        var errors = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        string body = string.Join("\n", errors.EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // invalid documents are 422, as for rules
        Assert.True(body.Contains("resource '7' of type 'doc' is given twice", StringComparison.Ordinal), body);
    }

    [Fact]
    public void Parse_MappingFormWithTypes_KeyedByTypeAndId()
    {
        var data = PolicyDataParser.Parse("""
            subjects:
              alice: { roles: [admin] }
              svc-1: { type: workload, roles: [deployer] }
            resources:
              q3: { type: report }
              loose: {}
            """, "d.yaml", out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.NotNull(data);
        Assert.Equal([EntityKey.Untyped("alice"), new EntityKey("workload", "svc-1")], data.Subjects.Keys.OrderBy(k => k.Id, StringComparer.Ordinal));
        Assert.Equal([EntityKey.Untyped("loose"), new EntityKey("report", "q3")], data.Resources.Keys.OrderBy(k => k.Id, StringComparer.Ordinal));
        Assert.Equal("report", data.Resources[new EntityKey("report", "q3")].Type);
    }
}
