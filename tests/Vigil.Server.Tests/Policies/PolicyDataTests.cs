using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Policies;

/// <summary>
/// Policy data managed apart from the rules (<c>/v1/policy/data</c>): validated before it is stored, versioned with the
/// rules it goes with, rolled back with them, and swapped in whole while decisions are being made.
/// </summary>
public sealed class PolicyDataTests
{
    /// <summary>Permits a read only when the subject's department (from data) equals the resource's (from data); the request carries ids only.</summary>
    private const string Rules = """
        version: svc-data
        mode: enforce
        segments:
          - name: reports
            match: { types: [report] }
            rules:
              - name: same-department
                actions: [read]
                condition: resource.properties.department == subject.department
        """;

    private const string Directory = """
        subjects:
          alice: { department: finance, roles: [analyst] }
        resources:
          q3: { type: report, properties: { department: finance } }
        """;

    private const string Request = """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"report","id":"q3"}}""";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient client, HttpMethod method, string path, string? text = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (text is not null)
        {
            request.Content = new StringContent(text, Encoding.UTF8, "application/yaml");
        }

        var response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    private static async Task<bool> Permitted(HttpClient client)
    {
        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(Request, Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("decision").GetBoolean();
    }

    private static string Department(string department) => Directory.Replace("finance", department, StringComparison.Ordinal);

    [Fact]
    public async Task Data_ReplaceKeepAndRollBack_VersionsDataWithTheRules()
    {
        await using var service = await TestService.StartAsync();
        var client = service.Client;

        var (status, body) = await Send(client, HttpMethod.Put, "/v1/policy/data", Directory);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("PUT /v1/policy first", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        (status, body) = await Send(client, HttpMethod.Put, "/v1/policy?comment=rules", Rules);
        Assert.Equal((HttpStatusCode.OK, 1, false), (status, body.GetProperty("version").GetInt32(), body.GetProperty("has_data").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, HttpMethod.Get, "/v1/policy/data")).Status);
        Assert.False(await Permitted(client)); // the request names ids only: without data the condition has nothing to compare

        (status, body) = await Send(client, HttpMethod.Put, "/v1/policy/data?comment=directory", Directory);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2, true, "directory", Directory), (body.GetProperty("version").GetInt32(), body.GetProperty("in_force").GetBoolean(),
            body.GetProperty("comment").GetString(), body.GetProperty("data").GetString()));
        Assert.True(await Permitted(client));
        (_, body) = await Send(client, HttpMethod.Get, "/v1/policy/data");
        Assert.Equal((2, Directory), (body.GetProperty("version").GetInt32(), body.GetProperty("data").GetString()));

        // New rules keep the data in force.
        (_, body) = await Send(client, HttpMethod.Put, "/v1/policy", Rules.Replace("svc-data", "svc-data-2", StringComparison.Ordinal));
        Assert.Equal((3, true), (body.GetProperty("version").GetInt32(), body.GetProperty("has_data").GetBoolean()));
        Assert.True(await Permitted(client));
        Assert.Equal(Directory, (await Send(client, HttpMethod.Get, "/v1/policy/data")).Body.GetProperty("data").GetString());

        // A rollback restores the rules and the data of that version together.
        (_, body) = await Send(client, HttpMethod.Post, "/v1/policy/rollback/1");
        Assert.Equal((4, false), (body.GetProperty("version").GetInt32(), body.GetProperty("has_data").GetBoolean()));
        Assert.False(await Permitted(client));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, HttpMethod.Get, "/v1/policy/data")).Status);
        await Send(client, HttpMethod.Post, "/v1/policy/rollback/3");
        Assert.True(await Permitted(client));

        (_, body) = await Send(client, HttpMethod.Get, "/v1/policy/versions");
        Assert.Equal(5, body.GetProperty("current").GetInt32());
        Assert.Equal([true, false, true, true, false], body.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("has_data").GetBoolean()));
        (_, body) = await Send(client, HttpMethod.Get, "/v1/policy/versions/2");
        Assert.Equal((Rules, Directory), (body.GetProperty("document").GetString(), body.GetProperty("data").GetString()));

        // The decision's audit record names the version, which names rules and data.
        var view = JsonDocument.Parse(await client.GetStringAsync("/v1/identities/alice")).RootElement;
        Assert.Equal(5, view.GetProperty("recent_decisions")[0].GetProperty("policy_version").GetInt32());
    }

    [Fact]
    public async Task Data_Invalid_Is422WithLineAndColumnAndTheDataInForceStays()
    {
        await using var service = await TestService.StartAsync();
        var client = service.Client;
        await Send(client, HttpMethod.Put, "/v1/policy", Rules);
        await Send(client, HttpMethod.Put, "/v1/policy/data", Directory);

        string typo = Directory.Replace("roles:", "rolez:", StringComparison.Ordinal);
        var (status, body) = await Send(client, HttpMethod.Put, "/v1/policy/data", typo);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The policy data is invalid; nothing was stored.", body.GetProperty("title").GetString());
        string error = body.GetProperty("errors")[0].GetString()!;
        Assert.StartsWith("data:2:", error, StringComparison.Ordinal);
        Assert.Contains("rolez", error, StringComparison.Ordinal);

        (status, body) = await Send(client, HttpMethod.Put, "/v1/policy/data", "subjects: [alice");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("data:", body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);

        (status, body) = await Send(client, HttpMethod.Put, "/v1/policy/data", "  ");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("data:1:1: the data document is empty.", body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(2, (await Send(client, HttpMethod.Get, "/v1/policy/versions")).Body.GetProperty("current").GetInt32());
        Assert.Equal(Directory, (await Send(client, HttpMethod.Get, "/v1/policy/data")).Body.GetProperty("data").GetString());
        Assert.True(await Permitted(client));
    }

    [Fact]
    public async Task Validate_ChecksAgainstTheRulesInForceAndStoresNothing()
    {
        await using var service = await TestService.StartAsync();
        var client = service.Client;

        // No rules stored yet: the data's own shape is still checked.
        var (_, body) = await Send(client, HttpMethod.Post, "/v1/policy/data/validate", "resources: { q3: 5 }");
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.StartsWith("data:1:", body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);

        await Send(client, HttpMethod.Put, "/v1/policy", Rules);
        string json = """{"subjects": {"alice": {"department": "finance"}}, "resources": {"q3": {"type": "report", "properties": {"department": "finance"}}}}""";
        (_, body) = await Send(client, HttpMethod.Post, "/v1/policy/data/validate", json);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal(0, body.GetProperty("errors").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, HttpMethod.Get, "/v1/policy/data")).Status);
        Assert.False(await Permitted(client));
    }

    [Fact]
    public async Task DataEndpoints_NeedTheAdminScopeAndBoundTheBody()
    {
        await using var service = await TestService.StartAsync();
        using var evaluator = service.ClientWithKey(await service.CreateKeyAsync("gw", "evaluate"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(evaluator, HttpMethod.Get, "/v1/policy/data")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(evaluator, HttpMethod.Put, "/v1/policy/data", Directory)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(evaluator, HttpMethod.Post, "/v1/policy/data/validate", Directory)).Status);
        using var anonymous = service.ClientWithKey("vgk_000000000000_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, HttpMethod.Get, "/v1/policy/data")).Status);

        await Send(service.Client, HttpMethod.Put, "/v1/policy", Rules);
        string huge = "subjects:\n" + string.Concat(Enumerable.Range(0, 200_000).Select(i => $"  u{i}: {{ department: d }}\n"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(service.Client, HttpMethod.Put, "/v1/policy/data", huge)).Status);
    }

    [Fact]
    public async Task Data_WithACustomPolicyFactory_IsRefused()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        await Send(service.Client, HttpMethod.Put, "/v1/policy", "rules v1");
        var (status, body) = await Send(service.Client, HttpMethod.Put, "/v1/policy/data", Directory);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("PolicyFactory", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataChanges_DuringEvaluations_AreNeverSeenHalfApplied()
    {
        await using var service = await TestService.StartAsync();
        await Send(service.Client, HttpMethod.Put, "/v1/policy", Rules);
        await Send(service.Client, HttpMethod.Put, "/v1/policy/data", Department("a"));

        // Subject and resource always change department together: a decision that saw one from the old data and the other
        // from the new would deny.
        using var stop = new CancellationTokenSource();
        var evaluators = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            int decided = 0;
            while (!stop.IsCancellationRequested)
            {
                Assert.True(await Permitted(service.Client));
                decided++;
            }

            return decided;
        })).ToArray();

        for (int i = 0; i < 20; i++)
        {
            var (status, _) = await Send(service.Client, HttpMethod.Put, "/v1/policy/data", Department(i % 2 == 0 ? "b" : "a"));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        await stop.CancelAsync();
        Assert.All(await Task.WhenAll(evaluators), decided => Assert.True(decided > 0));
        Assert.Equal(22, (await Send(service.Client, HttpMethod.Get, "/v1/policy/versions")).Body.GetProperty("current").GetInt32());
    }

    [Fact]
    public async Task ConcurrentRulesAndDataChanges_NeitherUndoesTheOther()
    {
        await using var service = await TestService.StartAsync();
        await Send(service.Client, HttpMethod.Put, "/v1/policy", Rules);
        var changes = Enumerable.Range(0, 10).Select(i => i % 2 == 0
            ? Send(service.Client, HttpMethod.Put, "/v1/policy/data", Directory)
            : Send(service.Client, HttpMethod.Put, "/v1/policy", Rules.Replace("svc-data", "svc-data-" + i, StringComparison.Ordinal)));
        Assert.All(await Task.WhenAll(changes), r => Assert.Equal(HttpStatusCode.OK, r.Status));

        // Every rules change after the first data change kept the data; the newest version has both the newest rules and the data.
        var current = (await Send(service.Client, HttpMethod.Get, "/v1/policy/versions/11")).Body;
        Assert.Equal(Directory, current.GetProperty("data").GetString());
        Assert.True(current.GetProperty("in_force").GetBoolean());
        Assert.True(await Permitted(service.Client));
    }

    [Fact]
    public async Task StoredData_SurvivesARestartOfTheRealServiceAndAChangedPolicyFile()
    {
        string dir = TempDir.Create();
        string file = Path.Combine(dir, "policy.yaml");
        await File.WriteAllTextAsync(file, Rules);
        string key;
        using (var first = await ServerProcess.StartAsync(dir, "--policy", file))
        {
            key = first.AdminKey()!;
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await Send(client, HttpMethod.Put, "/v1/policy/data", Directory)).Status);
            Assert.True(await Permitted(client));
        }

        // A changed --policy file is stored as a new version at start-up; the data in force goes with it.
        await File.WriteAllTextAsync(file, Rules.Replace("svc-data", "svc-data-file-2", StringComparison.Ordinal));
        using (var second = await ServerProcess.StartAsync(dir, "--policy", file))
        {
            using var client = new HttpClient { BaseAddress = second.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            var (_, body) = await Send(client, HttpMethod.Get, "/v1/policy/data");
            Assert.Equal((3, Directory), (body.GetProperty("version").GetInt32(), body.GetProperty("data").GetString()));
            var decision = await client.PostAsJsonAsync("/access/v1/evaluation", JsonDocument.Parse(Request).RootElement);
            var context = JsonDocument.Parse(await decision.Content.ReadAsStringAsync()).RootElement;
            Assert.True(context.GetProperty("decision").GetBoolean());
            Assert.Equal("svc-data-file-2", context.GetProperty("context").GetProperty("policy").GetProperty("version").GetString());
        }

        TempDir.Delete(dir);
    }
}
