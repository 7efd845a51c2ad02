namespace Vigil.Storage;

/// <summary>A stored engine checkpoint.</summary>
/// <param name="JournalSequence">The last journal entry the checkpoint includes; replay resumes after it.</param>
/// <param name="CreatedMs">When it was taken, Unix ms.</param>
/// <param name="Data">The engine's checkpoint bytes.</param>
public sealed record CheckpointRecord(long JournalSequence, long CreatedMs, byte[] Data);
