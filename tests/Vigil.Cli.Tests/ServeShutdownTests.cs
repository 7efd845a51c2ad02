using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Cli.Commands;
using Vigil.Server;
using Vigil.Storage;

namespace Vigil.Cli.Tests;

/// <summary>
/// Issue 11, defect 11: <c>vigil serve</c> had 2 s to stop (System.CommandLine's default), too little to write the
/// shutdown checkpoint of a real state, so every restart replayed the journal since the last periodic checkpoint.
/// </summary>
public sealed class ServeShutdownTests
{
    [Fact]
    public void Invocation_ProcessTerminationTimeout_OutlastsTheLongestServerShutdown()
    {
        var errors = new ServerOptions { DataDirectory = "data", ShutdownTimeoutSeconds = 3_601 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("--shutdown-timeout-seconds", StringComparison.Ordinal));
        Assert.True(VigilCommandLine.Invocation().ProcessTerminationTimeout > TimeSpan.FromSeconds(3_600));
    }

    [Fact]
    public async Task Serve_Sigterm_WritesTheShutdownCheckpointAndTheRestartReplaysNothing()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-shutdown-").FullName;
        try
        {
            // No periodic checkpoint: only the shutdown one can cover the journal.
            using (var server = await Serve.StartAsync(dir, "--checkpoint-every", "100000000"))
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress };
                client.DefaultRequestHeaders.Add("X-API-Key", server.AdminKey());
                var lines = new StringBuilder();
                for (int n = 0; n < 2_000; n++)
                {
                    lines.Append(CultureInfo.InvariantCulture,
                        $$$"""{"@timestamp":"2026-03-02T08:00:00Z","event":{"id":"e{{{n}}}","action":"sign-in","outcome":"success"},"user":{"id":"u{{{n}}}"},"source":{"ip":"81.2.69.10"}}""").Append('\n');
                }

                var response = await client.PostAsync("/v1/events", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                Assert.Equal(0, await server.TerminateAsync());
            }

            using (var store = VigilStore.Open(dir, TimeProvider.System))
            {
                Assert.Equal(2_000, store.JournalHead());
                Assert.Equal(2_000, store.LatestCheckpoint()!.JournalSequence);
            }

            using (var restarted = await Serve.StartAsync(dir))
            {
                Assert.Contains("checkpoint at journal sequence 2000, replayed 0 entries", restarted.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>vigil serve</c> as its own process (<c>dotnet exec vigil.dll serve</c>) on a free loopback port.</summary>
    private sealed class Serve : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Serve(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string? AdminKey() => Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("vgk_", StringComparison.Ordinal));

        public static async Task<Serve> StartAsync(string dataDir, params string[] extra)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir, .. extra])
            {
                info.ArgumentList.Add(arg);
            }

            var serve = new Serve(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
            serve._process.OutputDataReceived += (_, e) => serve.Append(e.Data);
            serve._process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
            serve._process.BeginOutputReadLine();
            serve._process.BeginErrorReadLine();
            using var client = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            for (int i = 0; i < 600 && !serve._process.HasExited; i++)
            {
                try
                {
                    if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                    {
                        return serve;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(100);
            }

            serve.Dispose();
            throw new InvalidOperationException("vigil serve did not become ready: " + serve.Output);
        }

        /// <summary>SIGTERM, as a container runtime or systemd stops a service; returns the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await _process.WaitForExitAsync(patience.Token);
            return _process.ExitCode;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
