namespace Vigil.Lab.Simulation;

/// <summary>Progress of a running simulation.</summary>
/// <param name="EventsWritten">Events written so far.</param>
/// <param name="SimulatedTime">Timestamp of the last event written.</param>
/// <param name="Fraction">Share of the simulated period covered, 0..1.</param>
public readonly record struct SimulationProgress(long EventsWritten, DateTimeOffset SimulatedTime, double Fraction);
