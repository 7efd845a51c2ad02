using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Vigil.Server.Connectors;

/// <summary>
/// Sends documents as RFC 5424 syslog messages over TCP, or TLS (RFC 5425, the server's certificate checked against
/// its host name as HTTPS would), framed by octet counting (RFC 6587 section 3.4.1: <c>LEN SP MSG</c>), so a
/// document may hold any byte. Each message: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME vigil - MSGID - MSG</c> with facility
/// authpriv (10), a severity from the risk level, the document's time, MSGID <c>decision</c>, <c>alert</c> or
/// <c>risk-change</c>, and the JSON document as MSG (ASCII: the writer escapes other characters, so no BOM). One
/// connection is kept and opened again after a failure; a batch counts as sent once written and flushed (TCP gives no
/// receipt: a server that dies holding it loses it, which RELP would cover).
/// </summary>
internal sealed class SyslogSink(ConnectorSettings settings) : ISiemSink
{
    /// <summary>authpriv: security and authorisation messages kept private (RFC 5424 table 1).</summary>
    private const int Facility = 10;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _host = Hostname();
    private TcpClient? _tcp;
    private Stream? _stream;

    /// <summary>Syslog severity (RFC 5424 table 2): critical 2, high 3 error, medium 4 warning, low 5 notice, else 6 informational.</summary>
    public static int Severity(string? level) => level switch
    {
        "critical" => 2,
        "high" => 3,
        "medium" => 4,
        "low" => 5,
        _ => 6,
    };

    /// <summary>The RFC 5424 message of <paramref name="document"/>, without its frame.</summary>
    public byte[] Message(ExportDocument document)
    {
        string msgId = document.Kind switch { ExportKinds.Alerts => "alert", ExportKinds.RiskChanges => "risk-change", _ => "decision" };
        string time = DateTimeOffset.FromUnixTimeMilliseconds(document.TimeMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string head = string.Create(CultureInfo.InvariantCulture, $"<{(Facility * 8) + Severity(document.Level)}>1 {time} {_host} vigil - {msgId} - ");
        var message = new byte[Encoding.ASCII.GetByteCount(head) + document.Json.Length];
        int at = Encoding.ASCII.GetBytes(head, message);
        document.Json.CopyTo(message, at);
        return message;
    }

    public async Task<IReadOnlyList<ItemFailure>> SendAsync(IReadOnlyList<ExportDocument> documents, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        foreach (var document in documents)
        {
            byte[] message = Message(document);
            body.Write(Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " "));
            body.Write(message);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stream = _stream ?? await ConnectAsync(timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            return [];
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Close();
            throw new ConnectorException($"The syslog server {settings.Url.Host}:{settings.Url.Port} could not be written to ({ex.GetType().Name}).", ex);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(settings.Url.Host, settings.Url.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (settings.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Url.Host }, cancellationToken).ConfigureAwait(false);
                stream = tls;
            }

            _tcp = tcp;
            _stream = stream;
            return stream;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>HOSTNAME (RFC 5424 section 6.2.4): printable ASCII without spaces, at most 255, else "-".</summary>
    private static string Hostname()
    {
        string name = Environment.MachineName;
        return name.Length is > 0 and <= 255 && name.All(c => c is > ' ' and < (char)127) ? name : "-";
    }

    private void Close()
    {
        _stream?.Dispose();
        _tcp?.Dispose();
        _stream = null;
        _tcp = null;
    }

    public void Dispose() => Close();
}
