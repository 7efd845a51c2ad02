namespace Vigil.Lab.Simulation;

/// <summary>A live benign session an attached campaign (token theft, impossible travel) builds on.</summary>
internal readonly record struct SessionContext(HumanProfile Victim, EventOrigin Origin, long StartMs, long EndMs, int Day);
