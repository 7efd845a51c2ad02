namespace Vigil.Core.Telemetry;

/// <summary>A property name seen by <see cref="JsonInputCheck"/>: its hash and where its text is in the name buffer.</summary>
internal readonly record struct JsonCheckName(int Hash, int Offset, int Length);
