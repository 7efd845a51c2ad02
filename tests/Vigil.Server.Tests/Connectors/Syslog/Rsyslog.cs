using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>
/// A real rsyslogd started for one test, in the foreground (<c>-n</c>) with its own configuration: imtcp on a free
/// loopback port (RFC 6587 octet-counted framing, on by default) and omfile writing each message's PRI, APP-NAME,
/// MSGID, TIMESTAMP, HOSTNAME and MSG as rsyslog parsed them (pmrfc5424) to a temp file, one a line.
/// </summary>
internal sealed class Rsyslog : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private Rsyslog(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    /// <summary>rsyslogd's path, or null when it is not installed.</summary>
    public static string? Path { get; } = new[] { "/usr/sbin/rsyslogd", "/sbin/rsyslogd" }.FirstOrDefault(File.Exists);

    public int Port { get; }

    public string Output => System.IO.Path.Combine(_dir, "out.log");

    public static async Task<Rsyslog> StartAsync()
    {
        string dir = TempDir.Create();
        int port = FreePort();
        string config = $$"""
            global(workDirectory="{{dir}}" maxMessageSize="64k")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="{{port.ToString(CultureInfo.InvariantCulture)}}")
            template(name="vigil" type="string" string="%PRI% %APP-NAME% %MSGID% %TIMESTAMP:::date-rfc3339% %HOSTNAME% %msg%\n")
            *.* action(type="omfile" file="{{dir}}/out.log" template="vigil")
            """;
        string file = System.IO.Path.Combine(dir, "rsyslog.conf");
        await File.WriteAllTextAsync(file, config);
        var start = new ProcessStartInfo(Path ?? "rsyslogd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])["-n", "-f", file, "-i", System.IO.Path.Combine(dir, "rsyslog.pid")])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var rsyslog = new Rsyslog(process, dir, port);
        // Ready once it accepts connections (bounded: a broken config fails the test with rsyslog's own words).
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return rsyslog;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                break;
            }
        }

        string errors = process.HasExited ? await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync() : "it does not listen";
        rsyslog.Dispose();
        throw new InvalidOperationException("rsyslogd did not start: " + errors);
    }

    /// <summary>The lines rsyslog wrote so far.</summary>
    public string[] Lines() => File.Exists(Output) ? File.ReadAllLines(Output) : [];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
        TempDir.Delete(_dir);
    }
}
