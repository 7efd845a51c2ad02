namespace Vigil.Cel;

/// <summary>A CEL type, used in declarations and as the value of type(x).</summary>
public sealed class CelType
{
    private CelType(CelTypeKind kind, string name, CelType? first = null, CelType? second = null, IReadOnlyDictionary<string, CelType>? fields = null)
    {
        Kind = kind;
        Name = name;
        First = first;
        Second = second;
        Fields = fields;
    }

    /// <summary>The kind.</summary>
    public CelTypeKind Kind { get; }

    /// <summary>The runtime type name, e.g. "int", "list", "google.protobuf.Timestamp".</summary>
    public string Name { get; }

    /// <summary>List element type, map key type, or the type parameter of type(T).</summary>
    public CelType? First { get; }

    /// <summary>Map value type.</summary>
    public CelType? Second { get; }

    /// <summary>Declared fields of an object type.</summary>
    public IReadOnlyDictionary<string, CelType>? Fields { get; }

    /// <summary>dyn.</summary>
    public static readonly CelType Dyn = new(CelTypeKind.Dyn, "dyn");
    /// <summary>null_type.</summary>
    public static readonly CelType Null = new(CelTypeKind.Null, "null_type");
    /// <summary>bool.</summary>
    public static readonly CelType Bool = new(CelTypeKind.Bool, "bool");
    /// <summary>int.</summary>
    public static readonly CelType Int = new(CelTypeKind.Int, "int");
    /// <summary>uint.</summary>
    public static readonly CelType Uint = new(CelTypeKind.Uint, "uint");
    /// <summary>double.</summary>
    public static readonly CelType Double = new(CelTypeKind.Double, "double");
    /// <summary>string.</summary>
    public static readonly CelType String = new(CelTypeKind.String, "string");
    /// <summary>bytes.</summary>
    public static readonly CelType Bytes = new(CelTypeKind.Bytes, "bytes");
    /// <summary>google.protobuf.Timestamp.</summary>
    public static readonly CelType Timestamp = new(CelTypeKind.Timestamp, "google.protobuf.Timestamp");
    /// <summary>google.protobuf.Duration.</summary>
    public static readonly CelType Duration = new(CelTypeKind.Duration, "google.protobuf.Duration");
    /// <summary>list(dyn); also the runtime type of every list.</summary>
    public static readonly CelType ListOfDyn = new(CelTypeKind.List, "list", Dyn);
    /// <summary>map(dyn, dyn); also the runtime type of every map.</summary>
    public static readonly CelType MapOfDyn = new(CelTypeKind.Map, "map", Dyn, Dyn);
    /// <summary>type; the runtime type of every type value.</summary>
    public static readonly CelType TypeOfDyn = new(CelTypeKind.Type, "type", Dyn);

    internal static readonly CelType ErrorType = new(CelTypeKind.Error, "*error*");
    internal static readonly CelType IpAddress = new(CelTypeKind.Opaque, "net.IP");
    internal static readonly CelType Cidr = new(CelTypeKind.Opaque, "net.CIDR");
    internal static readonly CelType OptionalType = new(CelTypeKind.Opaque, "optional_type");

    /// <summary>list(elem).</summary>
    public static CelType List(CelType elem) => new(CelTypeKind.List, "list", elem ?? throw new ArgumentNullException(nameof(elem)));

    /// <summary>map(key, value).</summary>
    public static CelType Map(CelType key, CelType value) =>
        new(CelTypeKind.Map, "map", key ?? throw new ArgumentNullException(nameof(key)), value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>type(t): the type of a type denotation.</summary>
    public static CelType TypeOf(CelType t) => new(CelTypeKind.Type, "type", t);

    /// <summary>
    /// A message-like object with known fields: selecting an undeclared field is a compile error.
    /// At run time its value is a <see cref="CelMap"/> with string keys.
    /// </summary>
    public static CelType Object(string name, IReadOnlyDictionary<string, CelType> fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fields);
        return new CelType(CelTypeKind.Object, name, fields: new Dictionary<string, CelType>(fields, StringComparer.Ordinal));
    }

    internal static CelType Param(string name) => new(CelTypeKind.TypeParam, name);

    /// <summary>The type as written in CEL, e.g. "list(string)".</summary>
    public override string ToString() => Kind switch
    {
        CelTypeKind.List => $"list({First})",
        CelTypeKind.Map => $"map({First}, {Second})",
        CelTypeKind.Type when First is not null && First.Kind != CelTypeKind.Dyn => $"type({First})",
        _ => Name,
    };
}
