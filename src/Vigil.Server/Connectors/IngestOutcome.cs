namespace Vigil.Server.Connectors;

/// <summary>What became of one page: journaled, already journaled (duplicates), refused (with the first reasons).</summary>
internal readonly record struct IngestOutcome(int Accepted, int Duplicates, int Rejected, IReadOnlyList<string> Errors, long NewestEventMs);
