namespace Vigil.Server.SharedSignals;

/// <summary>A SET waiting in the outbox: its row, id, compact serialization and push attempts so far.</summary>
internal sealed record QueuedSet(long Sequence, string Jti, string Token, int Attempts);
