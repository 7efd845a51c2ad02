using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Library;

/// <summary>
/// Vigil hosted inside someone else's ASP.NET Core application through its public surface only: <c>AddVigil</c>,
/// the builder's storage and enrichment calls, and <c>MapVigil</c>, beside the application's own middleware and routes.
/// </summary>
public sealed class HostedLibraryTests : IDisposable
{
    private const string Question = """{"subject":{"type":"user","id":"erin"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"203.0.113.7"}}""";

    private readonly string _dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task AddVigilMapVigil_InTheApplicationsOwnHost_DecidesEnrichesAndLeavesTheApplicationsRoutesToIt()
    {
        string list = Path.Combine(_dir, "bad.txt");
        await File.WriteAllTextAsync(list, "203.0.113.0/24\n");
        var console = new StringWriter();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(clock); // the application's clock: Vigil takes it
        builder.Services.AddVigil(o => o.Console = console)
            .UseSqlite(Path.Combine(_dir, "data"))
            .AddIpList("known-bad", list);
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Host-Middleware"] = "ran";
            return next(context);
        });
        app.MapVigil();
        app.MapGet("/hello", () => "hello from the host").AllowAnonymous();
        app.MapGet("/undeclared", () => "should not be open");
        await app.StartAsync();

        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        Assert.Same(clock, options.Time);
        Assert.Equal(Path.Combine(_dir, "data"), options.DataDirectory);
        Assert.True(File.Exists(Path.Combine(_dir, "data", "vigil.db")), "the SQLite file is where UseSqlite said");

        string key = console.ToString().Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("vgk_", StringComparison.Ordinal));
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(Question, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ran", response.Headers.GetValues("X-Host-Middleware").Single());
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var reasons = answer.GetProperty("context").GetProperty("risk").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString());
        Assert.Contains("VG1203", reasons); // the IP list added through the builder enriched a gateway's bare address

        using var anonymous = app.GetTestClient();
        Assert.Equal("hello from the host", await anonymous.GetStringAsync("/hello"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/undeclared")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/access/v1/evaluation", new StringContent(Question, Encoding.UTF8, "application/json"))).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task AddVigil_InvalidSettings_StartFailsNamingEverySetting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddVigil(o =>
        {
            o.MaxEvaluationBytes = 10;
            o.Console = TextWriter.Null;
        });
        await using var app = builder.Build();
        app.MapVigil();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("--data-dir", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("MaxEvaluationBytes is 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddVigil_UnreadableGeoIpDatabase_StopsStartupNamingTheSettingBeforeAnythingRuns()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        string broken = Path.Combine(_dir, "broken.mmdb");
        await File.WriteAllTextAsync(broken, "not a MaxMind database");
        builder.Services.AddVigil(o => o.Console = TextWriter.Null).UseSqlite(Path.Combine(_dir, "data")).AddGeoIp(broken);
        await using var app = builder.Build();
        app.MapVigil();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains("--geoip-city", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "data", "vigil.db")), "nothing was opened or written before the bad file was found");
    }
}
