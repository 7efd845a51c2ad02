namespace Vigil.Lab.Simulation;

internal readonly record struct PlannedSession(long StartMs, long DurationMs, Place Place, City City, int Day, bool Phone);
