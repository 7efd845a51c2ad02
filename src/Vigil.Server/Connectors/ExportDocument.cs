namespace Vigil.Server.Connectors;

/// <summary>
/// One document of an export: what it is, its id (the same on every resend, so the SIEM can drop a repeat: the
/// decision id, <c>vigil-alert-&lt;id&gt;</c> or <c>vigil-risk-&lt;id&gt;</c>), its time (Unix ms), its risk level
/// (none, low, medium, high, critical; for a syslog or OTLP severity) and its JSON.
/// </summary>
internal readonly record struct ExportDocument(ExportKinds Kind, string Id, long TimeMs, string? Level, byte[] Json);
