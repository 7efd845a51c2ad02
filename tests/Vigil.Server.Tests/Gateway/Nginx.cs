using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Tests.Gateway;

/// <summary>A real nginx process running examples/integration/nginx.conf with the test's ports and key filled in.</summary>
internal sealed class Nginx : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private Nginx(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public static string? Path =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    public Uri BaseAddress { get; }

    public static async Task<Nginx> StartAsync(Uri vigil, string key)
    {
        string nginx = Path ?? throw new InvalidOperationException("nginx is not installed (apt-get install -y nginx-light)");
        string dir = TempDir.Create();
        int gateway = ServerProcess.FreePort();
        int app = ServerProcess.FreePort();
        string template = await File.ReadAllTextAsync(System.IO.Path.Combine(ServerProcess.RepositoryRoot(), "examples", "integration", "nginx.conf"));
        string config = template
            .Replace("{{DIR}}", dir, StringComparison.Ordinal)
            .Replace("{{GATEWAY_PORT}}", gateway.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{APP_PORT}}", app.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{VIGIL_ADDRESS}}", vigil.Authority, StringComparison.Ordinal)
            .Replace("{{VIGIL_KEY}}", key, StringComparison.Ordinal);
        string path = System.IO.Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(path, config, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var info = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])["-p", dir, "-c", path, "-e", System.IO.Path.Combine(dir, "error.log")])
        {
            info.ArgumentList.Add(arg);
        }

        var started = new Nginx(Process.Start(info)!, dir, gateway);
        for (int i = 0; i < 100; i++)
        {
            if (started._process.HasExited)
            {
                string log = File.Exists(System.IO.Path.Combine(dir, "error.log")) ? await File.ReadAllTextAsync(System.IO.Path.Combine(dir, "error.log")) : "";
                throw new InvalidOperationException("nginx exited: " + await started._process.StandardError.ReadToEndAsync() + log);
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
        throw new TimeoutException("nginx did not listen on port " + gateway);
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
