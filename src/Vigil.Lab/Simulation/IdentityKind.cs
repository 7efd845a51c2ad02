namespace Vigil.Lab.Simulation;

internal enum IdentityKind
{
    Human,
    Workload,
    Agent,
}
