namespace Vigil.Cel;

/// <summary>The runtime kind of a <see cref="CelValue"/> (CEL langdef, "Values").</summary>
public enum CelKind : byte
{
    /// <summary>The value null (type null_type).</summary>
    Null,
    /// <summary>bool.</summary>
    Bool,
    /// <summary>int (64-bit signed).</summary>
    Int,
    /// <summary>uint (64-bit unsigned).</summary>
    Uint,
    /// <summary>double (IEEE 754 binary64).</summary>
    Double,
    /// <summary>string (Unicode code points).</summary>
    String,
    /// <summary>bytes.</summary>
    Bytes,
    /// <summary>list.</summary>
    List,
    /// <summary>map.</summary>
    Map,
    /// <summary>google.protobuf.Timestamp.</summary>
    Timestamp,
    /// <summary>google.protobuf.Duration.</summary>
    Duration,
    /// <summary>A type value, e.g. the result of type(x).</summary>
    Type,
    /// <summary>An opaque extension value (net.IP, net.CIDR).</summary>
    Opaque,
    /// <summary>An evaluation error; never a grant.</summary>
    Error,
}
