using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Storage;

namespace Vigil.Server.Tests.Authzen;

/// <summary>
/// AuthZEN search over the policy data in force: candidates from the data (and the actions the rules grant), each decided
/// like a bare evaluation, only permitted ones returned, paged with opaque tokens bound to the search and the version.
/// </summary>
public sealed class SearchTests
{
    /// <summary>Finance reads finance reports, admins write and delete them, mallory is denied reads outright.</summary>
    private const string Rules = """
        version: search-test
        mode: enforce
        segments:
          - name: reports
            match: { types: [report] }
            rules:
              - name: mallory-never-reads
                effect: deny
                actions: [read]
                subjects: { ids: [mallory] }
              - name: same-department-reads
                actions: [read]
                condition: resource.properties.department == subject.department
              - name: admins-change
                actions: [write, delete]
                subjects: { roles: [admin] }
        """;

    private const string Directory = """
        subjects:
          alice: { department: finance, roles: [analyst] }
          bob: { department: finance }
          carol: { department: hr }
          dave: { department: finance, roles: [admin] }
          mallory: { department: finance }
        resources:
          q3: { type: report, properties: { department: finance } }
          q4: { type: report, properties: { department: finance } }
          hr1: { type: report, properties: { department: hr } }
          app1: { type: app, properties: { department: finance } }
          untyped: { properties: { department: finance } }
        """;

    private const string WhoReadsQ3 = """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"report","id":"q3"}PAGE}""";

    private static async Task<TestService> StartWithData(string data = Directory, Action<ServerOptions>? configure = null)
    {
        string files = TempDir.Create();
        string rules = Path.Combine(files, "rules.yaml");
        string directory = Path.Combine(files, "directory.yaml");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllTextAsync(directory, data);
        return await TestService.StartAsync(o =>
        {
            o.PolicyPath = rules;
            o.DataPath = directory;
            configure?.Invoke(o);
        });
    }

    private static string Page(string request, string page) => request.Replace("PAGE", page.Length == 0 ? "" : ",\"page\":" + page, StringComparison.Ordinal);

    private static string[] Ids(JsonElement body, string field = "id") =>
        [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty(field).GetString()!)];

    private static string NextToken(JsonElement body) => body.GetProperty("page").GetProperty("next_token").GetString()!;

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    [Fact]
    public async Task SearchSubject_WithData_ReturnsOnlyTheDataSubjectsEvaluationPermits()
    {
        await using var service = await StartWithData();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["alice", "bob", "dave"], Ids(body)); // not carol (hr) nor mallory (denied by rule)
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("user", r.GetProperty("type").GetString()));
        Assert.Equal("", NextToken(body));

        // The same answers the evaluation endpoint gives, candidate by candidate.
        foreach (string subject in (string[])["alice", "bob", "carol", "dave", "mallory"])
        {
            var (_, decision) = await service.PostJsonAsync("/access/v1/evaluation",
                $$$"""{"subject":{"type":"user","id":"{{{subject}}}"},"action":{"name":"read"},"resource":{"type":"report","id":"q3"}}""");
            Assert.Equal(Ids(body).Contains(subject), decision.GetProperty("decision").GetBoolean());
        }
    }

    [Fact]
    public async Task SearchResource_WithData_ListsPermittedResourcesOfTheTypeAsked()
    {
        await using var service = await StartWithData();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"report","id":"ignored"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["q3", "q4"], Ids(body)); // hr1 is denied; app1 and the untyped resource are not reports
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("report", r.GetProperty("type").GetString()));

        (_, body) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"invoice"}}""");
        Assert.Empty(Ids(body));
        Assert.Equal("", NextToken(body));
    }

    [Fact]
    public async Task SearchAction_WithData_ListsTheGrantedActionsThatArePermitted()
    {
        await using var service = await StartWithData();
        var (_, admin) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"dave"},"resource":{"type":"report","id":"q3"}}""");
        Assert.Equal(["delete", "read", "write"], Ids(admin, "name"));
        var (_, analyst) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"alice"},"resource":{"type":"report","id":"q3"}}""");
        Assert.Equal(["read"], Ids(analyst, "name"));
        var (_, outsider) = await service.PostJsonAsync("/access/v1/search/action", """{"subject":{"type":"user","id":"mallory"},"resource":{"type":"report","id":"hr1"}}""");
        Assert.Empty(Ids(outsider, "name"));
    }

    [Fact]
    public async Task SearchSubject_Paging_FollowsNextTokenToTheEndWithoutRepeats()
    {
        await using var service = await StartWithData();
        var seen = new List<string>();
        string token = "";
        int pages = 0;
        do
        {
            string page = token.Length == 0 ? """{"limit":1}""" : $$"""{"limit":1,"token":"{{token}}"}""";
            var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, page));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(Ids(body).Length <= 1);
            seen.AddRange(Ids(body));
            token = NextToken(body);
            pages++;
        }
        while (token.Length > 0 && pages < 10);

        Assert.Equal(["alice", "bob", "dave"], seen);
        Assert.Equal(4, pages); // the last page examines mallory alone: no result, and no next token
    }

    [Fact]
    public async Task SearchSubject_DraftStyleNextTokenInTheRequest_IsReadAsTheToken()
    {
        await using var service = await StartWithData();
        var (_, first) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, """{"limit":2}"""));
        Assert.Equal(["alice", "bob"], Ids(first));
        var (_, second) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, $$"""{"limit":2,"next_token":"{{NextToken(first)}}"}"""));
        Assert.Equal(["dave"], Ids(second));
        Assert.Equal("", NextToken(second));
    }

    [Fact]
    public async Task SearchSubject_SparsePermits_ExamineAtMostTheBudgetPerPage()
    {
        // 4,010 subjects, only the last-but-four in finance: the first page decides MaxExaminedPerPage of them, finds
        // nothing, and says where to go on; the second finds the one.
        var data = new StringBuilder("subjects:\n");
        for (int i = 0; i < 4_010; i++)
        {
            data.Append(System.Globalization.CultureInfo.InvariantCulture, $"  u{i:D4}: {{ department: {(i == 4_005 ? "finance" : "hr")} }}\n");
        }

        data.Append("resources:\n  q3: { type: report, properties: { department: finance } }\n");
        await using var service = await StartWithData(data.ToString());
        var (_, first) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, """{"limit":10}"""));
        Assert.Empty(Ids(first));
        Assert.NotEqual("", NextToken(first));
        var (_, second) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, $$"""{"limit":10,"token":"{{NextToken(first)}}"}"""));
        Assert.Equal(["u4005"], Ids(second));
        Assert.Equal("", NextToken(second));
    }

    [Theory]
    [InlineData("""{"limit":0}""", "page.limit")]
    [InlineData("""{"limit":1001}""", "page.limit")]
    [InlineData("""{"limit":2.5}""", "page.limit")]
    [InlineData("""{"limit":"10"}""", "page.limit")]
    [InlineData("""[1]""", "page must be an object")]
    [InlineData("""{"token":5}""", "page.token must be a string")]
    [InlineData("""{"token":"not-a-token"}""", "not a token this service issued")]
    [InlineData("""{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", "not a token this service issued")]
    [InlineData("""{"token":"a","next_token":"b"}""", "differ")]
    public async Task Search_MalformedPage_Returns400NamingIt(string page, string expected)
    {
        await using var service = await StartWithData();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, page));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, Detail(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_LimitAtTheMaximum_IsAccepted()
    {
        await using var service = await StartWithData();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, """{"limit":1000}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["alice", "bob", "dave"], Ids(body));
    }

    [Fact]
    public async Task Search_TokenOfAnotherSearch_Returns400()
    {
        await using var service = await StartWithData();
        var (_, first) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, """{"limit":1}"""));
        string token = NextToken(first);
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject",
            $$$"""{"subject":{"type":"user"},"action":{"name":"write"},"resource":{"type":"report","id":"q3"},"page":{"token":"{{{token}}}"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("different search", Detail(body), StringComparison.Ordinal);
        (response, _) = await service.PostJsonAsync("/access/v1/search/action",
            $$$"""{"subject":{"type":"user","id":"dave"},"resource":{"type":"report","id":"q3"},"page":{"token":"{{{token}}}"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Search_TokenFromAnOlderPolicyVersion_Returns400AskingToStartAgain()
    {
        await using var service = await StartWithData();
        var (_, first) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, """{"limit":1}"""));
        string token = NextToken(first);

        using var put = new StringContent(Directory.Replace("carol: { department: hr }", "carol: { department: finance }", StringComparison.Ordinal), Encoding.UTF8, "application/yaml");
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PutAsync("/v1/policy/data", put)).StatusCode);

        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, $$"""{"limit":1,"token":"{{token}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("issued under policy version 2, and version 3 is in force", Detail(body), StringComparison.Ordinal);

        // Starting again sees the new data.
        (_, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, ""));
        Assert.Equal(["alice", "bob", "carol", "dave"], Ids(body));
    }

    [Fact]
    public async Task Search_LearnsNothing_EvenWithTelemetryInTheContext()
    {
        await using var service = await StartWithData();
        var store = service.Services.GetRequiredService<VigilStore>();
        long journal = store.JournalHead();
        long audit = store.AuditCount();

        const string Context = "\"context\":{\"ip\":\"203.0.113.9\",\"user_agent\":\"Mozilla/5.0\",\"session_id\":\"s1\",\"event_id\":\"search-1\"}";
        var (subjects, _) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"report","id":"q3"},""" + Context + "}");
        var (resources, _) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"report"},""" + Context + "}");
        var (actions, _) = await service.PostJsonAsync("/access/v1/search/action",
            """{"subject":{"type":"user","id":"alice"},"resource":{"type":"report","id":"q3"},""" + Context + "}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (subjects.StatusCode, resources.StatusCode, actions.StatusCode));

        Assert.Equal(journal, store.JournalHead());
        await service.StoreAfterAuditFlushAsync();
        Assert.Equal(audit, store.AuditCount());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/v1/identities/alice")).StatusCode); // no state, no decision records
    }

    [Fact]
    public async Task Search_BadContext_Returns400BeforeDecidingAnything()
    {
        await using var service = await StartWithData();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"report","id":"q3"},"context":{"time":"yesterday"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("context", Detail(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithoutPolicyData_FindsNothing()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Ids(body));
        Assert.Equal("", NextToken(body));
    }

    [Fact]
    public async Task Search_MissingParts_Returns400NamingThem()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/resource", """{"subject":{"type":"user","id":"alice"},"resource":{"type":"doc"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("action.name", Detail(body), StringComparison.Ordinal);
        (response, body) = await service.PostJsonAsync("/access/v1/search/subject", """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("resource.id", Detail(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataFile_AtStartup_IsStoredOnceWithTheRules()
    {
        string files = TempDir.Create();
        string rules = Path.Combine(files, "rules.yaml");
        string directory = Path.Combine(files, "directory.yaml");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllTextAsync(directory, Directory);
        string dataDir = TempDir.Create();
        void Configure(ServerOptions o)
        {
            o.PolicyPath = rules;
            o.DataPath = directory;
            o.DisableAuthentication = true; // the second start prints no admin key
        }

        await using (var first = await TestService.StartAsync(Configure, dataDir))
        {
            var data = JsonDocument.Parse(await first.Client.GetStringAsync("/v1/policy/data")).RootElement;
            Assert.Equal((2, Directory), (data.GetProperty("version").GetInt32(), data.GetProperty("data").GetString()));
        }

        await using var second = await TestService.StartAsync(Configure, dataDir);
        var versions = JsonDocument.Parse(await second.Client.GetStringAsync("/v1/policy/versions")).RootElement;
        Assert.Equal(2, versions.GetProperty("versions").GetArrayLength()); // the unchanged file is not stored again
        var (_, body) = await second.PostJsonAsync("/access/v1/search/subject", Page(WhoReadsQ3, ""));
        Assert.Equal(["alice", "bob", "dave"], Ids(body));
    }

    [Fact]
    public async Task DataFile_Invalid_StopsStartWithEveryProblemNamingData()
    {
        string files = TempDir.Create();
        string rules = Path.Combine(files, "rules.yaml");
        string directory = Path.Combine(files, "directory.yaml");
        File.WriteAllText(rules, Rules);
        File.WriteAllText(directory, "subjects:\n  alice: { rolez: [admin] }\n");
        var options = new ServerOptions { DataDirectory = TempDir.Create(), PolicyPath = rules, DataPath = directory, Console = new StringWriter() };
        Assert.Empty(options.Validate());
        var ex = await TestService.StartFailureAsync<InvalidSettingException>(options);
        Assert.Contains($"--data '{directory}' is invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("data:2:12: unknown key 'rolez'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataFile_WithoutStoredRules_StopsStartAskingForPolicy()
    {
        string directory = Path.Combine(TempDir.Create(), "directory.yaml");
        File.WriteAllText(directory, Directory);
        var options = new ServerOptions { DataDirectory = TempDir.Create(), DataPath = directory, Console = new StringWriter() };
        var ex = await TestService.StartFailureAsync<InvalidSettingException>(options);
        Assert.Contains("--data", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--policy", ex.Message, StringComparison.Ordinal);
    }
}
