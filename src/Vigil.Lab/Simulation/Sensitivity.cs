namespace Vigil.Lab.Simulation;

internal enum Sensitivity
{
    Low,
    Medium,
    High,
    Critical,
}
