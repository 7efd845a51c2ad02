namespace Vigil.Storage;

/// <summary>A stored engine checkpoint; its bytes are read with <see cref="VigilStore.OpenCheckpoint"/>.</summary>
/// <param name="JournalSequence">The last journal entry the checkpoint includes; replay resumes after it.</param>
/// <param name="CreatedMs">When it was taken, Unix ms.</param>
/// <param name="Bytes">The size of the engine's checkpoint bytes.</param>
public sealed record CheckpointRecord(long JournalSequence, long CreatedMs, long Bytes)
{
    /// <summary>The row: in <c>checkpoint_sets</c>, or in the legacy one-blob <c>checkpoints</c> table when <see cref="Legacy"/>.</summary>
    internal long Id { get; init; }

    internal bool Legacy { get; init; }
}
