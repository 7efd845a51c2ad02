namespace Vigil.Lab.Simulation;

internal enum EventOutcome
{
    Success,
    Failure,
    Unknown,
}
