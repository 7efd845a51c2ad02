namespace Vigil.Lab.Simulation;

internal enum MfaMethod
{
    None,
    Push,
    Totp,
    Sms,
    Webauthn,
}
