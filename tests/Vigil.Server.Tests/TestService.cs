using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Vigil.Server;

namespace Vigil.Server.Tests;

/// <summary>The service in memory (TestServer) on a fresh data directory, with the generated admin key.</summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _ownsDirectory;

    private TestService(WebApplication app, ServerOptions options, string? adminKey)
    {
        _app = app;
        Options = options;
        AdminKey = adminKey;
        Client = app.GetTestClient();
        if (adminKey is not null)
        {
            Client.DefaultRequestHeaders.Add("X-API-Key", adminKey);
        }
    }

    /// <summary>A bare AuthZEN question (no telemetry): user a reads doc d.</summary>
    public const string Question = """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"}}""";

    public ServerOptions Options { get; }

    public string? AdminKey { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The store, once every decision answered so far has moved from the audit ring into it.</summary>
    public async Task<Vigil.Storage.VigilStore> StoreAfterAuditFlushAsync()
    {
        await ((Vigil.Server.Hosting.AuditWriter)_app.Services.GetService(typeof(Vigil.Server.Hosting.AuditWriter))!).FlushAsync();
        return (Vigil.Storage.VigilStore)_app.Services.GetService(typeof(Vigil.Storage.VigilStore))!;
    }

    public static async Task<TestService> StartAsync(Action<ServerOptions>? configure = null, string? dataDir = null, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var console = new StringWriter();
        var options = new ServerOptions { DataDirectory = dataDir ?? TempDir.Create(), Console = console, Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        var app = VigilServer.Build(options, b =>
        {
            b.WebHost.UseTestServer();
            configureBuilder?.Invoke(b);
        });
        await app.StartAsync();
        string? key = console.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("vgk_", StringComparison.Ordinal));
        return new TestService(app, options, key) { _ownsDirectory = dataDir is null };
    }

    /// <summary>What stops a start that must fail (a bad setting or start-up file): thrown by StartAsync, before anything listens.</summary>
    public static async Task<TException> StartFailureAsync<TException>(ServerOptions options)
        where TException : Exception
    {
        await using var app = VigilServer.Build(options, b => b.WebHost.UseTestServer());
        return await Assert.ThrowsAsync<TException>(() => app.StartAsync());
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    public async Task<string> CreateKeyAsync(string name, params string[] scopes)
    {
        var response = await Client.PostAsJsonAsync("/v1/admin/api-keys", new { name, scopes });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(string path, string json, HttpClient? client = null)
    {
        var response = await (client ?? Client).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            TempDir.Delete(Options.DataDirectory);
        }
    }
}
