namespace Vigil.Server.SharedSignals;

/// <summary>
/// The outgoing HTTP of Shared Signals: <see cref="Client"/> for the receiver reaching transmitters (discovery, JWKS,
/// stream management, polling; 10 s per request) and <see cref="Push"/> for the transmitter's pushes (timed per request
/// by <see cref="SsfSettings.PushTimeoutMs"/>), redirects never followed, and only addresses
/// <see cref="SsfAddressPolicy"/> allows connected to. Registered as a service so that tests can
/// route both to other in-memory services (two Vigil instances streaming to each other).
/// </summary>
internal sealed class SsfReceiverHttp : IDisposable
{
    private readonly HttpMessageHandler _handler;

    /// <param name="handler">Where requests go (tests: other in-memory services); null: the network, through <see cref="SsfAddressPolicy"/>.</param>
    /// <param name="settings">The networks the address policy allows beyond public addresses; null: none.</param>
    public SsfReceiverHttp(HttpMessageHandler? handler = null, SsfSettings? settings = null)
    {
        var policy = settings ?? new SsfSettings();
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellation) => SsfAddressPolicy.ConnectAsync(context, policy, cancellation),
        };
        _handler = handler;
        Client = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(10) };
        Push = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public HttpClient Push { get; }

    public void Dispose()
    {
        Client.Dispose();
        Push.Dispose();
        _handler.Dispose();
    }

    /// <summary>Largest answer read from a transmitter, in bytes: a discovery document, a key set or a poll answer of 100 SETs.</summary>
    public const int MaxAnswerBytes = 8 * 1024 * 1024;

    public static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.Content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new InvalidDataException($"the transmitter's answer is larger than {MaxAnswerBytes} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new InvalidDataException($"the transmitter's answer is larger than {MaxAnswerBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
