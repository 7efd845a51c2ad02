namespace Vigil.Server.Tests.Authzen;

/// <summary>Issue 11, defect 11: a resource's sensitivity in policy data outranks what the request claims.</summary>
public sealed class SensitivityFromDataTests
{
    private const string Rules = """
        version: by-sensitivity
        mode: enforce
        segments:
          - name: restricted
            match: { sensitivities: [critical] }
            sensitivity: critical
            rules:
              - name: root-reads
                actions: [read]
                subjects: { ids: [root] }
          - name: public
            match: { sensitivities: [low] }
            sensitivity: low
            rules:
              - name: anyone-reads
                actions: [read]
                condition: resource.sensitivity == "low"
        """;

    private const string Directory = """
        resources:
          payroll: { type: doc, properties: { sensitivity: restricted } }
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

    private static string Question(string subject, string resource, string sensitivity) =>
        $$$$"""{"subject":{"type":"user","id":"{{{{subject}}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"{{{{resource}}}}","properties":{"sensitivity":"{{{{sensitivity}}}}"}}}""";

    [Fact]
    public async Task Evaluation_DataSaysRestrictedRequestClaimsPublic_RestrictedSegmentDecides()
    {
        await using var service = await StartAsync();

        var (_, alice) = await service.PostJsonAsync("/access/v1/evaluation", Question("alice", "payroll", "public"));
        var (_, root) = await service.PostJsonAsync("/access/v1/evaluation", Question("root", "payroll", "public"));

        Assert.False(alice.GetProperty("decision").GetBoolean());
        Assert.Equal("restricted", alice.GetProperty("context").GetProperty("policy").GetProperty("segment").GetString());
        Assert.True(root.GetProperty("decision").GetBoolean());
        Assert.Equal("restricted", root.GetProperty("context").GetProperty("policy").GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Evaluation_ResourceNotInData_RequestSensitivityStillChoosesTheSegment()
    {
        await using var service = await StartAsync();

        var (_, alice) = await service.PostJsonAsync("/access/v1/evaluation", Question("alice", "leaflet", "public"));

        Assert.True(alice.GetProperty("decision").GetBoolean());
        Assert.Equal("public", alice.GetProperty("context").GetProperty("policy").GetProperty("segment").GetString());
    }
}
