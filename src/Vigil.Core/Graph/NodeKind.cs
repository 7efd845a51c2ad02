namespace Vigil.Core.Graph;

/// <summary>What a node of the access graph stands for. Identities of every kind share one key space (a kind can change), as do hosts and other resources.</summary>
internal enum NodeKind : byte
{
    /// <summary>A person's account.</summary>
    Person,

    /// <summary>A service account, a workload identity.</summary>
    Workload,

    /// <summary>An AI agent.</summary>
    Agent,

    /// <summary>A device an identity signed in from (<c>device.id</c>).</summary>
    Device,

    /// <summary>A source address.</summary>
    Address,

    /// <summary>A host reached (a resource whose type is <c>host</c>, or a logon recorded on a host).</summary>
    Host,

    /// <summary>An application, data store or any other resource.</summary>
    Resource,

    /// <summary>A group or role: the identity's peer group, group or department.</summary>
    Group,
}
