namespace Vigil.Server.SharedSignals;

/// <summary>A device's reported compliance changed (CAEP 1.0 section 3.5): the device, its user, and the new state.</summary>
internal sealed record DeviceComplianceChange(string Identity, string? Tenant, string DeviceId, bool Compliant, long TimeMs);
