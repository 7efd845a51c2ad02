namespace Vigil.Storage;

/// <summary>What happened to one appended entry.</summary>
/// <param name="Sequence">The entry's journal sequence: new, or that of the earlier entry with the same id.</param>
/// <param name="Duplicate">True when an entry with the same id was already in the journal (nothing was written).</param>
public readonly record struct AppendResult(long Sequence, bool Duplicate);
