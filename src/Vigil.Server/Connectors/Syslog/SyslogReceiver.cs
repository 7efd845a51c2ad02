using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Connectors.Syslog;

/// <summary>
/// A syslog receiver (<c>type: syslog</c>): RFC 5424 messages over TCP (RFC 6587 framing), or over TLS with a
/// certificate from files (RFC 5425). Each message's MSG is a vendor's JSON event, read by the native readers
/// (<c>format</c>, detected per message by default) through <see cref="ConnectorIngestor"/>, so it is journaled like a
/// pulled page: the vendor's event id makes a resent message a duplicate. What one read from the socket holds is one
/// batch; while the engine is behind the connection is not read, so TCP's own flow control holds the sender back.
/// Bounded: message size (a longer frame closes its connection), connections (more are closed at once), idle time
/// and the TLS handshake's time.
/// </summary>
internal sealed class SyslogReceiver(ConnectorHealth health, ConnectorIngestor ingestor, ServerOptions options, ILogger logger)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken stop)
    {
        var settings = health.Settings;
        var listener = new TcpListener(settings.Listen!);
        try
        {
            listener.Start(settings.MaxConnections);
        }
        catch (SocketException ex)
        {
            // Address in use, no permission: the health says so; the rest of the service goes on.
            health.Failed(options.Time.GetUtcNow(), $"cannot listen on {settings.Listen} ({ex.SocketErrorCode})", rateLimited: false);
            ConnectorLog.Failed(logger, settings.Name, $"cannot listen on {settings.Listen} ({ex.SocketErrorCode})", 0);
            return;
        }

        health.Listening(listener.LocalEndpoint.ToString() ?? settings.Listen!.ToString());
        ConnectorLog.Started(logger, settings.Name, settings.Type, "listening on " + listener.LocalEndpoint);
        using var slots = new SemaphoreSlim(settings.MaxConnections);
        var open = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
                if (!slots.Wait(0, CancellationToken.None))
                {
                    client.Dispose();
                    health.Failed(options.Time.GetUtcNow(), FormattableString.Invariant($"a connection was closed at once: maxConnections ({settings.MaxConnections}) are open"), rateLimited: true);
                    continue;
                }

                open.RemoveAll(t => t.IsCompleted);
                open.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(client, stop).ConfigureAwait(false);
                    }
                    finally
                    {
                        client.Dispose();
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(open).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        var settings = health.Settings;
        var time = options.Time;
        Stream stream = client.GetStream();
        try
        {
            if (settings.Certificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stop);
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false }, handshake.Token).ConfigureAwait(false);
            }

            // The frame bound plus its length prefix: a frame always fits, and nothing larger is ever held.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(settings.MaxMessageBytes + 16);
            var batch = new ArrayBufferWriter<byte>();
            int count = 0;
            try
            {
                while (true)
                {
                    int read;
                    using (var idle = new CancellationTokenSource(TimeSpan.FromSeconds(settings.IdleSeconds), time))
                    using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, idle.Token))
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(count, settings.MaxMessageBytes + 16 - count), linked.Token).ConfigureAwait(false);
                    }

                    if (read == 0)
                    {
                        return; // the sender closed; a partial frame at the end is not a message
                    }

                    count += read;
                    int used = Frames(buffer.AsSpan(0, count), batch, out int messages, out var refused, out string? fatal);
                    Array.Copy(buffer, used, buffer, 0, count - used);
                    count -= used;
                    if (messages + refused.Count > 0)
                    {
                        var outcome = batch.WrittenCount == 0 ? new IngestOutcome(0, 0, 0, [], 0) : await ingestor.IngestAsync(batch.WrittenMemory, settings.Format, time, stop).ConfigureAwait(false);
                        var errors = refused.Concat(outcome.Errors).Take(5).ToArray();
                        health.Page(time.GetUtcNow(), messages + refused.Count, outcome with { Rejected = outcome.Rejected + refused.Count, Errors = errors });
                        if (refused.Count + outcome.Rejected > 0)
                        {
                            ConnectorLog.Refused(logger, settings.Name, refused.Count + outcome.Rejected);
                        }

                        batch.ResetWrittenCount();
                    }

                    if (fatal is not null)
                    {
                        health.Failed(time.GetUtcNow(), "a connection was closed: " + fatal, rateLimited: false);
                        ConnectorLog.Failed(logger, settings.Name, "a connection was closed: " + fatal, 0);
                        return;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            health.Failed(time.GetUtcNow(), FormattableString.Invariant($"a connection was closed: idle for {settings.IdleSeconds} s, or its TLS handshake took longer than {HandshakeTimeout.TotalSeconds} s"), rateLimited: false);
        }
        catch (OperationCanceledException)
        {
            // The service is stopping.
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // A reset, a failed handshake: this connection ends, the receiver goes on.
            health.Failed(time.GetUtcNow(), "a connection failed: " + ex.GetType().Name, rateLimited: false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes every complete frame of <paramref name="buffer"/>: each message's MSG as one NDJSON line of
    /// <paramref name="batch"/>, each message that is not RFC 5424 as a refusal. Returns the bytes used.
    /// </summary>
    private int Frames(ReadOnlySpan<byte> buffer, ArrayBufferWriter<byte> batch, out int messages, out List<(long Line, string Error)> refused, out string? fatal)
    {
        int used = 0;
        messages = 0;
        refused = [];
        while (SyslogFramer.TryNext(buffer[used..], health.Settings.MaxMessageBytes, out var frame, out int consumed, out fatal))
        {
            used += consumed;
            if (!Rfc5424.TryGetMessage(frame, out var message, out string? error))
            {
                refused.Add((messages + refused.Count + 1, error!));
                continue;
            }

            messages++;
            var line = batch.GetSpan(message.Length + 1);
            message.CopyTo(line);

            // One message, one line: a line end inside valid JSON can only be whitespace between tokens.
            line[..message.Length].Replace((byte)'\n', (byte)' ');
            line[..message.Length].Replace((byte)'\r', (byte)' ');
            line[message.Length] = (byte)'\n';
            batch.Advance(message.Length + 1);
        }

        return used;
    }
}
