namespace Vigil.Core.Identities;

/// <summary>The last posture a device reported.</summary>
internal struct DeviceRecord
{
    public ulong DeviceHash;
    public bool? Compliant;
    public bool? Managed;
    public long LastPostureMs;
}
