namespace Vigil.Server.SharedSignals;

/// <summary>
/// The HTTP client the receiver uses to reach transmitters (discovery, JWKS, stream management, polling): redirects not
/// followed, 10 s per request. Registered as a service so that tests can route it to another in-memory service.
/// </summary>
internal sealed class SsfReceiverHttp(HttpMessageHandler? handler = null)
{
    public HttpClient Client { get; } = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

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
