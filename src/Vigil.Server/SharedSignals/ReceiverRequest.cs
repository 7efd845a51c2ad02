namespace Vigil.Server.SharedSignals;

/// <summary>An administrator's request to receive a transmitter's events (<c>POST /v1/admin/ssf/receivers</c>), checked by <c>SsfReceiverEndpoints</c>.</summary>
internal sealed record ReceiverRequest(string Transmitter, string Method, string[] EventsRequested, string? Tenant, string? AuthorizationHeader, string? ApiKey);
