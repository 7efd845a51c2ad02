namespace Vigil.Server.SharedSignals;

/// <summary>
/// An identity whose risk changed, waiting for its recent sessions to be re-decided; <see cref="Cause"/> completes
/// "because ..." in the events and the identity view, and <see cref="Txn"/> links the events to the cause's own.
/// </summary>
internal sealed record ReevaluationRequest(string Tenant, string Identity, string Cause)
{
    public string? Txn { get; init; }
}
