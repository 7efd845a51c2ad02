namespace Vigil.Server.SharedSignals;

/// <summary>An enforced deny of a request made within a session, waiting to be sent as CAEP session-revoked.</summary>
internal sealed record DeniedSession(string Identity, string? Tenant, string Session, string? Rule, long TimeMs);
