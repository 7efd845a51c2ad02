using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// A real gateway process (nginx or Caddy) running its recipe from examples/integration with the test's ports and key
/// filled into the template's <c>{{...}}</c> values.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private GatewayProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public static string? NginxPath => Installed("nginx");

    public static string? CaddyPath => Installed("caddy");

    public Uri BaseAddress { get; }

    public static Task<GatewayProcess> StartNginxAsync(Uri vigil, string key) =>
        StartAsync(NginxPath ?? throw new InvalidOperationException("nginx is not installed (apt-get install -y nginx-light)"), "nginx.conf", vigil, key,
            (dir, config) => ["-p", dir, "-c", config, "-e", Path.Combine(dir, "error.log")]);

    public static Task<GatewayProcess> StartCaddyAsync(Uri vigil, string key) =>
        StartAsync(CaddyPath ?? throw new InvalidOperationException("caddy is not installed (apt-get install -y caddy)"), "Caddyfile", vigil, key,
            (dir, config) => ["run", "--config", config, "--adapter", "caddyfile"]);

    private static string? Installed(string name) =>
        new[] { "/usr/sbin/", "/usr/bin/", "/usr/local/sbin/", "/usr/local/bin/" }.Select(d => d + name).FirstOrDefault(File.Exists);

    private static async Task<GatewayProcess> StartAsync(string binary, string recipe, Uri vigil, string key, Func<string, string, string[]> arguments)
    {
        string dir = TempDir.Create();
        int gateway = ServerProcess.FreePort();
        int app = ServerProcess.FreePort();
        string template = await File.ReadAllTextAsync(Path.Combine(ServerProcess.RepositoryRoot(), "examples", "integration", recipe));
        string config = template
            .Replace("{{DIR}}", dir, StringComparison.Ordinal)
            .Replace("{{GATEWAY_PORT}}", gateway.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{APP_PORT}}", app.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{VIGIL_ADDRESS}}", vigil.Authority, StringComparison.Ordinal)
            .Replace("{{VIGIL_KEY}}", key, StringComparison.Ordinal);
        string path = Path.Combine(dir, recipe);
        await File.WriteAllTextAsync(path, config, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var info = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (string arg in arguments(dir, path))
        {
            info.ArgumentList.Add(arg);
        }

        // Caddy keeps its state under the XDG directories: the test's own, not the user's.
        info.Environment["XDG_DATA_HOME"] = Path.Combine(dir, "data");
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(dir, "config");
        info.Environment["HOME"] = dir;
        var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var started = new GatewayProcess(process, dir, gateway);
        for (int i = 0; i < 200; i++)
        {
            if (process.HasExited)
            {
                string log = File.Exists(Path.Combine(dir, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "error.log")) : "";
                throw new InvalidOperationException($"{recipe}: {binary} exited: " + await output + await errors + log);
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", gateway);
                return started;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        started.Dispose();
        throw new TimeoutException($"{binary} did not listen on port {gateway}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        TempDir.Delete(_dir);
    }
}
