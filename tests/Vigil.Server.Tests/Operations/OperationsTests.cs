using System.Net;

namespace Vigil.Server.Tests.Operations;

public sealed class OperationsTests
{
    [Fact]
    public async Task HealthAndReadiness_AnswerWithoutCredentials()
    {
        await using var service = await TestService.StartAsync();
        using var anonymous = service.ClientWithKey("x");
        anonymous.DefaultRequestHeaders.Remove("X-API-Key");
        Assert.Equal("ok", await anonymous.GetStringAsync("/healthz"));
        Assert.Equal("ready", await anonymous.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Metrics_CountDecisionsByOutcome()
    {
        await using var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        await service.PostJsonAsync("/access/v1/evaluation", """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"deny"}}""");
        string metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("vigil_decisions_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"deny\"", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_decision_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_ingest_queue_depth", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheAuthzenEndpoints()
    {
        await using var service = await TestService.StartAsync();
        string document = await service.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/access/v1/evaluation", document, StringComparison.Ordinal);
        Assert.Contains("/v1/events", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_PrintsAnAdminKeyOnceAndStoresOnlyItsHash()
    {
        string dir = TempDir.Create();
        string key;
        await using (var first = await TestService.StartAsync(dataDir: dir))
        {
            key = first.AdminKey!;
            Assert.NotNull(key);
        }

        await using (var second = await TestService.StartAsync(dataDir: dir))
        {
            Assert.Null(second.AdminKey);
            using var client = second.ClientWithKey(key);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/policy/versions")).StatusCode);
        }

        // The secret is the last 43 characters (32 bytes, base64url): it may itself contain '_', so splitting at the
        // last '_' sometimes left a character or two that the file held by chance (a flaky failure).
        string secret = key[^43..];
        foreach (string file in Directory.GetFiles(dir))
        {
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "--urls", "ftp://x" }, "--urls")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:1" }, "--data-dir")]
    [InlineData(new[] { "--data-dir", "d", "--policy", "/nonexistent/p.yaml" }, "--policy")]
    [InlineData(new[] { "--data-dir", "d", "--data", "/nonexistent/directory.yaml" }, "--data '/nonexistent/directory.yaml' does not exist")]
    [InlineData(new[] { "--data-dir", "d", "--data", "." }, "--data '.' is a directory")]
    [InlineData(new[] { "--data-dir", "d", "--jwt-authority", "http://idp" }, "--jwt-authority")]
    [InlineData(new[] { "--data-dir", "d", "--jwt-authority", "https://idp" }, "--jwt-audience")]
    public void Validate_BadSetting_NamesTheSetting(string[] args, string expected)
    {
        var options = ServerArguments.Parse(args, out var parseErrors);
        Assert.Empty(parseErrors);
        Assert.Contains(options.Validate(), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAuth_EveryRouteAnswersWithoutCredentials()
    {
        await using var service = await TestService.StartAsync(o => o.DisableAuthentication = true);
        Assert.Null(service.AdminKey);
        var (response, _) = await service.PostJsonAsync("/access/v1/evaluation", """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        // After the decision: an identity nothing is known about is a 404 (docs/server.md, "Identity view").
        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.Client.GetAsync("/v1/identities/a")).StatusCode);
    }

    [Fact]
    public void Parse_AllSettings_AreRead()
    {
        var options = ServerArguments.Parse(["--urls", "http://127.0.0.1:9", "--data-dir=./d", "--mode", "enforce", "--audit", "fsynced", "--bare-decisions", "--max-queue-depth", "5000"], out var errors);
        Assert.Empty(errors);
        Assert.Equal(("http://127.0.0.1:9", "./d", Vigil.Core.Decisions.RolloutMode.Enforce, AuditDurability.Fsynced, true, 5000),
            (options.Urls, options.DataDirectory, options.Mode, options.Audit, options.BareDecisions, options.MaxQueueDepth));
    }

    [Fact]
    public async Task PolicyFile_AtStartup_IsStoredOnceAsAVersion()
    {
        string dir = TempDir.Create();
        string file = Path.Combine(dir, "policy.txt");
        await File.WriteAllTextAsync(file, "version: v1\nsegments:\n  - name: all\n    match: {}\n    rules:\n      - name: everyone\n        actions: [\"*\"]\n");
        await using (var first = await TestService.StartAsync(o => { o.PolicyPath = file; o.DisableAuthentication = true; }, dir))
        {
            Assert.Contains("version: v1", await first.Client.GetStringAsync("/v1/policy"), StringComparison.Ordinal);
        }

        await using var second = await TestService.StartAsync(o => { o.PolicyPath = file; o.DisableAuthentication = true; }, dir);
        Assert.Contains("\"version\":1", await second.Client.GetStringAsync("/v1/policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyFile_Invalid_StopsStartWithMessageNamingPolicy()
    {
        string dir = TempDir.Create();
        string file = Path.Combine(dir, "policy.txt");
        File.WriteAllText(file, "bad");
        var options = new ServerOptions { DataDirectory = dir, PolicyPath = file, PolicyValidator = t => t == "bad" ? ["line 1: bad"] : [] };
        var ex = await TestService.StartFailureAsync<InvalidSettingException>(options);
        Assert.Contains("--policy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 1: bad", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDirectory_WrittenByANewerRelease_StopsStartWithTheVersionsAndLeavesItAlone()
    {
        string dir = TempDir.Create();
        using (var store = Vigil.Storage.VigilStore.Open(dir, TimeProvider.System))
        {
            Assert.Equal(0, store.SchemaFound);
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, Vigil.Storage.VigilStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        // vigil serve prints this message alone and exits 2 (VigilServer.RunAsync).
        var ex = await TestService.StartFailureAsync<Vigil.Storage.StorageVersionException>(new ServerOptions { DataDirectory = dir });
        Assert.Contains("schema version 99, written by a newer Vigil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOrBadValues_AreNamed()
    {
        ServerArguments.Parse(["--mode", "sometimes", "--frobnicate", "--audit", "later"], out var errors);
        Assert.Contains(errors, e => e.Contains("--audit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--mode", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--frobnicate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_InvalidOptions_Returns2()
    {
        Assert.Equal(2, await VigilServer.RunAsync(new ServerOptions(), CancellationToken.None));
    }
}
