using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Server;
using Vigil.Server.Tests.Connectors;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil connect</c>: one-off backfills from a local fake Okta System Log API (real HTTP).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConnectCommandTests : IDisposable
{
    private static readonly DateTimeOffset Published = new(2025, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-connect-").FullName;

    private string TokenFile(string token)
    {
        string path = Path.Combine(_dir, "okta-token");
        File.WriteAllText(path, token);
        return path;
    }

    [Fact]
    public async Task Connect_OktaToOutputFile_WritesEveryRecordOnceAsNdjson()
    {
        await using var okta = await FakeOkta.StartAsync(TimeProvider.System);
        okta.Add([.. Enumerable.Range(0, 25).Select(i => FakeOkta.Event($"ev-{i}", Published.AddSeconds(i)))]);
        string output = Path.Combine(_dir, "okta.ndjson");

        var (exit, _, error) = Cli.Invoke("connect", "okta", "--url", okta.Url, "--token-file", TokenFile(okta.Token), "--since", "2025-03-01T00:00:00Z", "--page-size", "10", "--output", output);

        Assert.Equal(0, exit);
        Assert.Contains("Read 25 records; caught up.", error, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"ev-{i}"), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()));
        Assert.Equal(4, okta.Requests.Count); // three pages and the empty one that ends the backfill
        Assert.DoesNotContain(okta.Token, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OktaToIngest_ThePagesReachTheServiceOnceEvenWhenRunTwice()
    {
        await using var okta = await FakeOkta.StartAsync(TimeProvider.System);
        okta.Add([.. Enumerable.Range(0, 12).Select(i => FakeOkta.Event($"ev-{i}", Published.AddSeconds(i)))]);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var console = new StringWriter();
        using var stop = new CancellationTokenSource();
        var server = VigilServer.RunAsync(new ServerOptions { DataDirectory = Path.Combine(_dir, "data"), Urls = $"http://127.0.0.1:{port}", Console = console }, stop.Token);
        try
        {
            string key = "";
            for (int i = 0; i < 500 && key.Length == 0; i++)
            {
                await Task.Delay(20);
                key = console.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("vgk_", StringComparison.Ordinal)) ?? "";
            }

            Environment.SetEnvironmentVariable("VIGIL_CONNECT_TEST_KEY", key);
            string[] args = ["connect", "okta", "--url", okta.Url, "--token-file", TokenFile(okta.Token), "--since", "2025-03-01T00:00:00Z", "--page-size", "5",
                "--ingest", $"http://127.0.0.1:{port}", "--api-key-env", "VIGIL_CONNECT_TEST_KEY"];

            var first = Cli.Invoke(args);
            var second = Cli.Invoke(args);

            Assert.Equal(0, first.Exit);
            Assert.Contains("Read 12 records; the service accepted 12, 0 duplicates, 0 refused", first.Error, StringComparison.Ordinal);
            Assert.Contains("Read 12 records; the service accepted 0, 12 duplicates, 0 refused", second.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIGIL_CONNECT_TEST_KEY", null);
            await stop.CancelAsync();
            await server;
        }
    }

    [Fact]
    public void Connect_NoTargetAndInlineMistakes_Exits2NamingEach()
    {
        var (exit, _, error) = Cli.Invoke("connect", "okta", "--url", "http://okta.example.com", "--since", "yesterday");

        Assert.Equal(2, exit);
        Assert.Contains("give exactly one of --output FILE or --ingest URL", error, StringComparison.Ordinal);
        Assert.Contains("url: 'http://okta.example.com' is not an https:// URL", error, StringComparison.Ordinal);
        Assert.Contains("since: 'yesterday' is not an ISO 8601 time", error, StringComparison.Ordinal);
        Assert.Contains("give exactly one of tokenEnv", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
