namespace Vigil.Lab.Simulation;

internal enum ResourceAction
{
    Read,
    Write,
    Delete,
    Admin,
}
