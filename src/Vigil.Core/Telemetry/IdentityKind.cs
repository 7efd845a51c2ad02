namespace Vigil.Core.Telemetry;

/// <summary>What kind of identity acted: a person, a workload (service principal, API key, SPIFFE ID) or an AI agent.</summary>
public enum IdentityKind : byte
{
    /// <summary>A person.</summary>
    Human,
    /// <summary>A service principal, API key or SPIFFE ID.</summary>
    Workload,
    /// <summary>An AI agent, usually acting on behalf of a person.</summary>
    Agent,
}
