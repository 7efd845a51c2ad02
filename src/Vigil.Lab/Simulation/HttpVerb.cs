namespace Vigil.Lab.Simulation;

internal enum HttpVerb
{
    Get,
    Post,
    Put,
    Delete,
}
