using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.Composition;

/// <summary>
/// A real policy engine to compose with: tests/Vigil.Server.Tests/oidc/authzen-cedar-pdp.mjs, the Cedar engine
/// (@cedar-policy/cedar-wasm) speaking AuthZEN 1.0 on a loopback port with examples/integration/upstream.cedar.
/// </summary>
internal sealed class UpstreamPdp : IAsyncDisposable
{
    public const string Token = "upstream-test-token-7f3a";
    private readonly Process _node;
    private readonly HttpClient _control;

    private UpstreamPdp(Process node, int port)
    {
        _node = node;
        Url = $"http://127.0.0.1:{port}";
        _control = new HttpClient { BaseAddress = new Uri(Url) };
    }

    public string Url { get; }

    public static async Task<UpstreamPdp> StartAsync()
    {
        string policy = Path.Combine(ServerProcess.RepositoryRoot(), "examples", "integration", "upstream.cedar");
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodeFactAttribute.OidcDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("authzen-cedar-pdp.mjs");
        info.ArgumentList.Add(policy);
        info.ArgumentList.Add(Token);
        var node = Process.Start(info)!;
        var errors = node.StandardError.ReadToEndAsync();
        string? line;
        try
        {
            line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            line = null;
        }

        if (line is null)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail("authzen-cedar-pdp.mjs did not start: " + await errors);
        }

        return new UpstreamPdp(node, JsonDocument.Parse(line!).RootElement.GetProperty("port").GetInt32());
    }

    /// <summary>Makes later answers slow (<paramref name="delayMs"/>) or failing (<paramref name="status"/> other than 200).</summary>
    public async Task ControlAsync(int delayMs = 0, int status = 200) =>
        (await _control.PostAsJsonAsync("/control", new { delay_ms = delayMs, status })).EnsureSuccessStatusCode();

    /// <summary>How many questions it was asked, and the last as it arrived.</summary>
    public async Task<(int Asked, JsonElement Last)> StatsAsync()
    {
        var stats = JsonDocument.Parse(await _control.GetStringAsync("/stats")).RootElement;
        return (stats.GetProperty("asked").GetInt32(), stats.GetProperty("last").Clone());
    }

    public string TokenFile()
    {
        string file = Path.Combine(TempDir.Create(), "upstream-token");
        File.WriteAllText(file, Token + "\n");
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}
