using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Decisions;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Two Vigil instances (issue 16, item 2): A (127.0.0.1:8441) transmits, B (127.0.0.1:8442) receives, each a full
/// service with its own data directory, reaching the other over HTTP through <see cref="HostRouter"/>. B enforces its
/// policy, so a change in risk changes its decisions. B holds an API key of A with the ssf:manage scope.
/// </summary>
public sealed class SsfPair : IAsyncDisposable
{
    public const string IssuerA = "http://127.0.0.1:8441";
    public const string IssuerB = "http://127.0.0.1:8442";

    private SsfPair(TestService a, TestService b, string keyForB, HostRouter router)
    {
        A = a;
        B = b;
        KeyForB = keyForB;
        Router = router;
    }

    /// <summary>Routes the instances' HTTP to each other; holds every SET delivered between them.</summary>
    public HostRouter Router { get; }

    public TestService A { get; }

    public TestService B { get; }

    public string KeyForB { get; }

    internal static SsfSettings Settings(int jwksRefreshMs = 30_000, int jwksMaxAgeMs = 3_600_000) => new()
    {
        JwksRefreshMs = jwksRefreshMs,
        JwksMaxAgeMs = jwksMaxAgeMs,
        AllowHttpPush = true,
        AllowedPushNetworks = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], // the test receivers are on loopback
        PushBackoffMs = 1,
        MaxPushBackoffMs = 50,
        MaxPollWaitMs = 1_000,
        ReceiverPollIntervalMs = 20,
    };

    /// <summary>
    /// Starts both; <paramref name="enforceOnA"/> makes A enforce its policy too (its re-decided sessions then count);
    /// <paramref name="settings"/> replaces both services' <see cref="Settings"/>; <paramref name="configureA"/> adds to A's services.
    /// </summary>
    internal static async Task<SsfPair> StartAsync(bool enforceOnA = false, SsfSettings? settings = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configureA = null)
    {
        var router = new HostRouter();
        void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder b)
        {
            b.Services.AddSingleton(settings ?? Settings());
            b.Services.AddSingleton(new SsfReceiverHttp(router));
        }

        var a = await TestService.StartAsync(o =>
        {
            o.PublicBaseUrl = IssuerA;
            if (enforceOnA)
            {
                o.Mode = RolloutMode.Enforce;
            }
        }, configureBuilder: b =>
        {
            Configure(b);
            configureA?.Invoke(b);
        });
        var b = await TestService.StartAsync(o =>
        {
            o.PublicBaseUrl = IssuerB;
            o.Mode = RolloutMode.Enforce;
        }, configureBuilder: Configure);
        router.Add("127.0.0.1:8441", ((TestServer)a.Services.GetRequiredService<IServer>()).CreateHandler());
        router.Add("127.0.0.1:8442", ((TestServer)b.Services.GetRequiredService<IServer>()).CreateHandler());
        string key = await a.CreateKeyAsync("vigil-b", "ssf:manage");
        return new SsfPair(a, b, key, router);
    }

    /// <summary>B starts receiving A's events by <paramref name="delivery"/> (push or poll); returns B's stream.</summary>
    public async Task<JsonElement> ReceiveAsync(string delivery)
    {
        var (response, body) = await B.PostJsonAsync("/v1/admin/ssf/receivers", JsonSerializer.Serialize(new { transmitter = IssuerA, delivery, api_key = KeyForB }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails the test otherwise.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (int i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("timed out waiting for " + what);
    }

    /// <summary>B's AuthZEN answer for <paramref name="user"/> reading a document within session <paramref name="session"/>.</summary>
    public Task<JsonElement> DecideOnBAsync(string user, string session) => DecideAsync(B, user, session);

    /// <summary><paramref name="service"/>'s AuthZEN answer for <paramref name="user"/> reading a document within session <paramref name="session"/>.</summary>
    public static async Task<JsonElement> DecideAsync(TestService service, string user, string session)
    {
        string question = JsonSerializer.Serialize(new
        {
            subject = new { type = "user", id = user },
            action = new { name = "read" },
            resource = new { type = "doc", id = "d" },
            context = new { session_id = session, ip = "198.51.100.7" },
        });
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    /// <summary>DELETE on B with its admin key.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendDeleteAsync(string path)
    {
        using var response = await B.Client.DeleteAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static List<string?> Reasons(JsonElement answer) =>
        [.. answer.GetProperty("context").GetProperty("risk").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString())];

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
