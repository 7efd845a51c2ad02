namespace Vigil.Core.Telemetry;

/// <summary>The kinds of telemetry Vigil understands; docs/telemetry.md maps ECS <c>event.action</c> values to them.</summary>
public enum EventKind : byte
{
    /// <summary>An event Vigil does not model; it is read but neither scored nor learned.</summary>
    Other,
    /// <summary>A sign-in attempt, successful or failed.</summary>
    SignIn,
    /// <summary>A second-factor prompt: sent, approved, denied or timed out.</summary>
    Mfa,
    /// <summary>A session or token used after sign-in.</summary>
    TokenUse,
    /// <summary>Access to a resource (file, database, application).</summary>
    ResourceAccess,
    /// <summary>An API call.</summary>
    ApiCall,
    /// <summary>A device posture report.</summary>
    DevicePosture,
    /// <summary>Roles or groups granted to (or removed from) an identity.</summary>
    PrivilegeChange,
    /// <summary>A sign-out or session end.</summary>
    SignOut,
}
