using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>The syslog receiver (docs/connectors.md, "Syslog receiver"): a real sender (util-linux logger) and a TLS client.</summary>
public sealed class SyslogReceiverTests
{
    private static string OktaEvent(int i) => FakeOkta.Event(string.Create(CultureInfo.InvariantCulture, $"sys-{i}"), ConnectorService.Start.AddHours(-1).AddSeconds(i));

    private static async Task<int> PortAsync(TestService service, FakeTimeProvider time)
    {
        await ConnectorService.Until(() => Health(service) is not null, time, TimeSpan.Zero, "the receiver listens");
        return IPEndPoint.Parse(Health(service)!).Port;
    }

    private static string? Health(TestService service) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IReadOnlyList<Vigil.Server.Connectors.ConnectorHealth>>(service.Services)[0].ListeningOn;

    private static async Task SendWithLoggerAsync(int port, bool octetCount, IEnumerable<string> messages)
    {
        var start = new ProcessStartInfo("logger") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--tcp", "-n", "127.0.0.1", "-P", port.ToString(CultureInfo.InvariantCulture), "-t", "okta", "--rfc5424"])
        {
            start.ArgumentList.Add(a);
        }

        if (octetCount)
        {
            start.ArgumentList.Add("--octet-count");
        }

        using var logger = Process.Start(start)!;
        foreach (string m in messages)
        {
            await logger.StandardInput.WriteLineAsync(m); // logger sends each line of its input as one message
        }

        logger.StandardInput.Close();
        string error = await logger.StandardError.ReadToEndAsync();
        await logger.WaitForExitAsync();
        Assert.True(logger.ExitCode == 0, "logger failed: " + error);
    }

    [LoggerFact]
    public async Task Receiver_LoggerWithOctetCountingAndLfFraming_JournalsEachEventOnce()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync("""{"connectors":[{"name":"syslog","type":"syslog","listen":"127.0.0.1:0","format":"okta"}]}""", time, dir, new AllLogs());
        int port = await PortAsync(service, time);

        // RFC 6587 octet counting, then LF framing; one message is not an event (its refusal is counted, the rest kept).
        await SendWithLoggerAsync(port, octetCount: true, Enumerable.Range(0, 40).Select(OktaEvent).Append("not an event"));
        await ConnectorService.Until(() => ConnectorService.Health(service).EventsRead >= 41, time, TimeSpan.Zero, "the octet-counted messages arrive");
        await SendWithLoggerAsync(port, octetCount: false, Enumerable.Range(30, 20).Select(OktaEvent));
        await ConnectorService.Until(() => ConnectorService.Health(service).EventsRead >= 61, time, TimeSpan.Zero, "the LF-framed messages arrive");

        var health = ConnectorService.Health(service);
        Assert.Equal((61, 50, 10, 1), (health.EventsRead, health.Accepted, health.Duplicates, health.Rejected)); // 30..39 sent twice
        Assert.Contains("not valid JSON", health.LastError, StringComparison.Ordinal);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(50, store.JournalHead());
        Assert.True(store.ContainsEvent("sys-0") && store.ContainsEvent("sys-49"));
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Receiver_TlsWithCertificateFiles_ReadsAndClosesOversizeFramesAndExtraConnections()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(ConnectorService.Start.AddDays(-1), ConnectorService.Start.AddYears(1));
        string certFile = Path.Combine(dir + "-cert.pem"), keyFile = Path.Combine(dir + "-key.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        string config = $$"""{"connectors":[{"name":"syslog-tls","type":"syslog","listen":"127.0.0.1:0","certificateFile":"{{certFile}}","keyFile":"{{keyFile}}","maxMessageBytes":4096,"maxConnections":1}]}""";
        await using var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs());
        int port = await PortAsync(service, time);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream(), false, (_, c, _, _) => c is not null && c.GetCertHashString() == certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");
        var frames = new StringBuilder();
        foreach (string m in Enumerable.Range(0, 5).Select(OktaEvent).Append("<13>Oct 11 22:14:15 host su: an RFC 3164 line"))
        {
            string message = m.StartsWith('<') ? m : "<13>1 2025-03-01T11:00:00Z host okta - - [meta x=\"a]b\"] " + m;
            frames.Append(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(message)} {message}");
        }

        await tls.WriteAsync(Encoding.UTF8.GetBytes(frames.ToString()));
        await tls.FlushAsync();
        await ConnectorService.Until(() => ConnectorService.Health(service).EventsRead >= 6, time, TimeSpan.Zero, "the TLS messages arrive");
        var health = ConnectorService.Health(service);
        Assert.Equal((5, 1), (health.Accepted, health.Rejected));
        Assert.Contains("VERSION", health.LastError, StringComparison.Ordinal);

        // maxConnections 1: a second connection is closed at once (its handshake fails).
        using (var second = new TcpClient())
        {
            await second.ConnectAsync(IPAddress.Loopback, port);
            await using var secondTls = new SslStream(second.GetStream(), false, (_, c, _, _) => c is not null && c.GetCertHashString() == certificate.GetCertHashString());
            await Assert.ThrowsAnyAsync<Exception>(() => secondTls.AuthenticateAsClientAsync("localhost"));
        }

        // A frame announced longer than maxMessageBytes cannot be skipped: the connection is closed and the health says why.
        await tls.WriteAsync("5000 <13>1 "u8.ToArray());
        await tls.FlushAsync();
        await ConnectorService.Until(() => ConnectorService.Health(service).LastError?.Contains("maxMessageBytes", StringComparison.Ordinal) == true, time, TimeSpan.Zero, "the oversize frame closes the connection");
        int read;
        try
        {
            read = await tls.ReadAsync(new byte[16]);
        }
        catch (IOException)
        {
            read = 0; // closed with a reset rather than a FIN: closed all the same
        }

        Assert.Equal(0, read);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(5, store.JournalHead());
        File.Delete(certFile);
        File.Delete(keyFile);
        TempDir.Delete(dir);
    }
}
