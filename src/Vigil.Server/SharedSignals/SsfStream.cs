namespace Vigil.Server.SharedSignals;

/// <summary>
/// One event stream (SSF 1.0 section 8.1.1) as stored. <see cref="AuthorizationHeader"/> is the receiver's secret for
/// push delivery: sent with each push, never logged nor returned by a read.
/// </summary>
/// <param name="StreamId">Transmitter-supplied id.</param>
/// <param name="Owner">The receiver that created it (caller name); only it sees and manages the stream.</param>
/// <param name="Audience">The <c>aud</c> of its SETs.</param>
/// <param name="Method">Delivery method URN (<see cref="SsfEventTypes.Push"/> or <see cref="SsfEventTypes.Poll"/>).</param>
/// <param name="EndpointUrl">Push: the receiver's URL. Poll: null (the transmitter's poll URL is derived from the id).</param>
/// <param name="AuthorizationHeader">Push: the Authorization header value the receiver asked for, or null.</param>
/// <param name="EventsRequested">Event types the receiver asked for.</param>
/// <param name="Description">Receiver-supplied description, or null.</param>
/// <param name="Status">enabled, paused or disabled.</param>
/// <param name="Reason">Why the status was last set, or null.</param>
/// <param name="CreatedMs">Creation time, Unix milliseconds.</param>
/// <param name="Tenant">The receiver's tenant (its key's or token's <c>tenant</c> claim): only events about identities of that tenant are sent; null for a receiver without one (all tenants).</param>
internal sealed record SsfStream(
    string StreamId,
    string Owner,
    string Audience,
    string Method,
    string? EndpointUrl,
    string? AuthorizationHeader,
    IReadOnlyList<string> EventsRequested,
    string? Description,
    string Status,
    string? Reason,
    long CreatedMs,
    string? Tenant = null)
{
    /// <summary>The requested events Vigil transmits (SSF 1.0: the intersection of supported and requested).</summary>
    public IEnumerable<string> EventsDelivered => SsfEventTypes.Supported.Where(EventsRequested.Contains);

    public bool Delivers(string type) => SsfEventTypes.IsControl(type) || EventsDelivered.Contains(type);
}
