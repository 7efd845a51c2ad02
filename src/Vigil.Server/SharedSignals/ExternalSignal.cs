namespace Vigil.Server.SharedSignals;

/// <summary>
/// What identity providers said about one identity (issue 16): the last risk level (0 low, 1 medium, 2 high), when a
/// credential last changed, and whether the account was disabled, purged or its credentials compromised; each with the
/// issuer that said it, for the reason's sentence. Times are Unix milliseconds of receipt.
/// </summary>
internal sealed record ExternalSignal
{
    public int RiskLevel { get; init; }

    public string? RiskIssuer { get; init; }

    public long CredentialChangedMs { get; init; }

    public string? CredentialIssuer { get; init; }

    public bool AccountCompromised { get; init; }

    public string? AccountIssuer { get; init; }

    /// <summary>True when nothing is held (the record can be forgotten).</summary>
    public bool IsEmpty => RiskLevel == 0 && CredentialChangedMs == 0 && !AccountCompromised;
}
