namespace Vigil.Cel;

/// <summary>The kind of a <see cref="CelType"/>.</summary>
public enum CelTypeKind : byte
{
    /// <summary>dyn: any value, checked at run time.</summary>
    Dyn,
    /// <summary>null_type.</summary>
    Null,
    /// <summary>bool.</summary>
    Bool,
    /// <summary>int.</summary>
    Int,
    /// <summary>uint.</summary>
    Uint,
    /// <summary>double.</summary>
    Double,
    /// <summary>string.</summary>
    String,
    /// <summary>bytes.</summary>
    Bytes,
    /// <summary>list(E).</summary>
    List,
    /// <summary>map(K, V).</summary>
    Map,
    /// <summary>google.protobuf.Timestamp.</summary>
    Timestamp,
    /// <summary>google.protobuf.Duration.</summary>
    Duration,
    /// <summary>type(T).</summary>
    Type,
    /// <summary>A message-like object with declared fields (a map with string keys at run time).</summary>
    Object,
    /// <summary>An opaque extension type (net.IP, net.CIDR).</summary>
    Opaque,
    /// <summary>A type parameter in a function signature (internal to the checker).</summary>
    TypeParam,
    /// <summary>The type of an expression that failed to check.</summary>
    Error,
}
