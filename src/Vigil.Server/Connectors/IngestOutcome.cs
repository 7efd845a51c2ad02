namespace Vigil.Server.Connectors;

/// <summary>What became of one page: journaled, already journaled (duplicates), refused (with the first reasons and their line numbers in the page).</summary>
internal readonly record struct IngestOutcome(int Accepted, int Duplicates, int Rejected, IReadOnlyList<(long Line, string Error)> Errors, long NewestEventMs);
