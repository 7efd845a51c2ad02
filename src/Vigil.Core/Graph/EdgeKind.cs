namespace Vigil.Core.Graph;

/// <summary>What an edge of the access graph records. Edges go from an identity to what it used or reached.</summary>
internal enum EdgeKind : byte
{
    /// <summary>A sign-in to a host or an application.</summary>
    Authentication,

    /// <summary>A resource access or an API call.</summary>
    Access,

    /// <summary>A token or workload credential presented to a target.</summary>
    CredentialUse,

    /// <summary>An agent acting for a person (agent -> person).</summary>
    Delegation,

    /// <summary>The identity used this device; two identities on one device share it.</summary>
    UsesDevice,

    /// <summary>The identity came from this address; two identities on one address share it.</summary>
    UsesAddress,

    /// <summary>The identity belongs to this group or role.</summary>
    MemberOf,
}
