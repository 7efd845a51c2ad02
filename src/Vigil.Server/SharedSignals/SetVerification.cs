using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The outcome of checking a received SET: valid with its id, event type and claims, or refused with
/// <see cref="Error"/> as RFC 8935 section 2.4 / RFC 8936 section 2.4 error code (<c>invalid_request</c>,
/// <c>invalid_key</c>, <c>invalid_issuer</c>, <c>invalid_audience</c>) and a description. <c>duplicate</c> is not an
/// error to report: the SET was already received, so the receiver acknowledges it (202, or <c>ack</c> when polling)
/// without acting on it again.
/// </summary>
internal sealed record SetVerification(string? Error, string? Description, string? Jti, string? EventType, JsonElement Claims)
{
    public bool Valid => Error is null;

    public static SetVerification Refused(string error, string description) => new(error, description, null, null, default);
}
