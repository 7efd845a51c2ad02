namespace Vigil.Server.Connectors;

/// <summary>The sink of an export, by its type.</summary>
internal static class SiemSinks
{
    public static ISiemSink Create(ConnectorSettings settings, TimeProvider time) => settings.Type switch
    {
        ConnectorType.Elasticsearch => new ElasticBulkSink(settings, time),
        ConnectorType.OtlpLogs => new OtlpLogSink(settings, time),
        ConnectorType.SyslogExport => new SyslogSink(settings),
        _ => new SiemSink(settings, time),
    };

    /// <summary>Reads at most <paramref name="maxBytes"/> of a response body: a hostile or broken endpoint cannot fill the memory.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 << 10];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
