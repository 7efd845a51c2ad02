namespace Vigil.Lab.Simulation;

internal enum MfaResult
{
    None,
    Sent,
    Approved,
    Denied,
    Timeout,
}
