namespace Vigil.Lab.Simulation;

internal enum EventAction
{
    SignIn,
    Mfa,
    TokenUse,
    ResourceAccess,
    ApiCall,
    DevicePosture,
    PrivilegeChange,
    SignOut,
}
