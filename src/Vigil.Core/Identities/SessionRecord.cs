namespace Vigil.Core.Identities;

/// <summary>Where a session started, to notice it moving (token theft and replay).</summary>
internal struct SessionRecord
{
    public ulong SessionHash;
    public ulong IpPrefixHash;
    public uint AsNumber;
    public ulong DeviceHash;
    public ulong UserAgentHash;
    public long StartedMs;
    public long LastSeenMs;
    public bool Revoked;
}
