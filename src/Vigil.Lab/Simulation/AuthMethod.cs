namespace Vigil.Lab.Simulation;

internal enum AuthMethod
{
    None,
    Password,
    Sso,
    Passkey,
    Certificate,
    ClientSecret,
    ApiKey,
}
