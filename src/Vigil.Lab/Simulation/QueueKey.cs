namespace Vigil.Lab.Simulation;

/// <summary>Priority of an actor in the merge: event time, then insertion sequence so equal times are ordered deterministically.</summary>
internal readonly record struct QueueKey(long Ms, long Sequence);
