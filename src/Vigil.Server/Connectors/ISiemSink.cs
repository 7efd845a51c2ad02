namespace Vigil.Server.Connectors;

/// <summary>Where an export's documents go: a SIEM's API, a syslog server, a file.</summary>
internal interface ISiemSink : IDisposable
{
    /// <summary>
    /// Sends <paramref name="documents"/>. Throws <see cref="ConnectorException"/> when the batch as a whole was not
    /// taken (the exporter sends it again, or sets it aside after repeated refusals as bad data); returns the documents
    /// the endpoint refused one by one (the bulk API's per-item errors), empty when all were taken.
    /// </summary>
    Task<IReadOnlyList<ItemFailure>> SendAsync(IReadOnlyList<ExportDocument> documents, CancellationToken cancellationToken);
}
