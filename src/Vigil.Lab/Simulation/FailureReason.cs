namespace Vigil.Lab.Simulation;

internal enum FailureReason
{
    None,
    BadPassword,
    UnknownUser,
    Locked,
    MfaDenied,
    AccessDenied,
    ExpiredToken,
}
