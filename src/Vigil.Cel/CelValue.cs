using System.Globalization;
using System.Runtime.CompilerServices;
using Vigil.Cel.Runtime;

namespace Vigil.Cel;

/// <summary>
/// A CEL value or an evaluation error. A small struct: scalars are stored inline, so evaluating
/// a condition over prebuilt values allocates nothing.
/// </summary>
public readonly struct CelValue : IEquatable<CelValue>
{
    private readonly object? _ref;
    private readonly long _bits;
    private readonly int _nanos;

    /// <summary>The value's kind.</summary>
    public CelKind Kind { get; }

    private CelValue(CelKind kind, long bits, int nanos, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _nanos = nanos;
        _ref = reference;
    }

    /// <summary>The null value.</summary>
    public static CelValue Null => default;

    /// <summary>bool true.</summary>
    public static readonly CelValue True = new(CelKind.Bool, 1, 0, null);

    /// <summary>bool false.</summary>
    public static readonly CelValue False = new(CelKind.Bool, 0, 0, null);

    /// <summary>A bool value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CelValue Bool(bool value) => value ? True : False;

    /// <summary>An int value.</summary>
    public static CelValue Int(long value) => new(CelKind.Int, value, 0, null);

    /// <summary>A uint value.</summary>
    public static CelValue Uint(ulong value) => new(CelKind.Uint, unchecked((long)value), 0, null);

    /// <summary>A double value.</summary>
    public static CelValue Double(double value) => new(CelKind.Double, BitConverter.DoubleToInt64Bits(value), 0, null);

    /// <summary>A string value.</summary>
    public static CelValue String(string value) => new(CelKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A bytes value (the array is not copied; do not mutate it afterwards).</summary>
    public static CelValue Bytes(byte[] value) => new(CelKind.Bytes, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A list value.</summary>
    public static CelValue List(CelList value) => new(CelKind.List, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A list value from elements (copied).</summary>
    public static CelValue List(params ReadOnlySpan<CelValue> values) => List(new CelList(values.ToArray()));

    /// <summary>A map value.</summary>
    public static CelValue Map(CelMap value) => new(CelKind.Map, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A type value.</summary>
    public static CelValue Type(CelType value) => new(CelKind.Type, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A timestamp from a <see cref="DateTimeOffset"/> (100 ns precision).</summary>
    public static CelValue Timestamp(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0)
        {
            seconds--;
            rem += TimeSpan.TicksPerSecond;
        }

        return new CelValue(CelKind.Timestamp, seconds, (int)(rem * 100), null);
    }

    /// <summary>A duration from a <see cref="TimeSpan"/>.</summary>
    public static CelValue Duration(TimeSpan value) => FromDurationNanos((Int128)value.Ticks * 100);

    internal static CelValue TimestampRaw(long seconds, int nanos) => new(CelKind.Timestamp, seconds, nanos, null);

    internal static CelValue DurationRaw(long seconds, int nanos) => new(CelKind.Duration, seconds, nanos, null);

    internal static CelValue FromDurationNanos(Int128 nanos)
    {
        var seconds = (long)Int128.DivRem(nanos, 1_000_000_000).Quotient;
        var rem = (int)(nanos - ((Int128)seconds * 1_000_000_000));
        if (rem < 0)
        {
            seconds--;
            rem += 1_000_000_000;
        }

        return new CelValue(CelKind.Duration, seconds, rem, null);
    }

    internal static CelValue Opaque(CelOpaque value) => new(CelKind.Opaque, 0, 0, value);

    /// <summary>An error value with a message.</summary>
    public static CelValue Error(string message) => new(CelKind.Error, 0, 0, new CelError(message));

    internal static CelValue Error(CelError error) => new(CelKind.Error, 0, 0, error);

    /// <summary>True when this is an error.</summary>
    public bool IsError => Kind == CelKind.Error;

    /// <summary>True when this is the bool true (the only value that grants).</summary>
    public bool IsTrue => Kind == CelKind.Bool && _bits != 0;

    /// <summary>The bool payload.</summary>
    public bool AsBool => _bits != 0;

    /// <summary>The int payload.</summary>
    public long AsInt => _bits;

    /// <summary>The uint payload.</summary>
    public ulong AsUint => unchecked((ulong)_bits);

    /// <summary>The double payload.</summary>
    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The string payload (null when not a string).</summary>
    public string? AsString => _ref as string;

    /// <summary>The bytes payload (null when not bytes).</summary>
    public byte[]? AsBytes => _ref as byte[];

    /// <summary>The list payload (null when not a list).</summary>
    public CelList? AsList => _ref as CelList;

    /// <summary>The map payload (null when not a map).</summary>
    public CelMap? AsMap => _ref as CelMap;

    /// <summary>The type payload (null when not a type).</summary>
    public CelType? AsType => _ref as CelType;

    /// <summary>The error message, or null when this is not an error.</summary>
    public string? ErrorMessage => (_ref as CelError)?.Message;

    internal CelError? AsError => _ref as CelError;

    internal CelOpaque? AsOpaque => _ref as CelOpaque;

    internal object? Ref => _ref;

    // Unchecked payload access for hot paths that have already tested Kind.
    internal CelMap UnsafeMap => Unsafe.As<CelMap>(_ref!);

    internal CelList UnsafeList => Unsafe.As<CelList>(_ref!);

    internal string UnsafeString => Unsafe.As<string>(_ref!);

    /// <summary>Seconds since the Unix epoch for a timestamp, or whole seconds (floored) of a duration.</summary>
    internal long Seconds => _bits;

    /// <summary>Nanoseconds in [0, 1e9) added to <see cref="Seconds"/>.</summary>
    internal int Nanos => _nanos;

    internal Int128 TotalNanos => ((Int128)_bits * 1_000_000_000) + _nanos;

    /// <summary>The timestamp as a <see cref="DateTimeOffset"/> (UTC, truncated to 100 ns).</summary>
    public DateTimeOffset AsTimestamp => DateTimeOffset.UnixEpoch.AddTicks((_bits * TimeSpan.TicksPerSecond) + (_nanos / 100));

    /// <summary>The duration as a <see cref="TimeSpan"/> (truncated to 100 ns).</summary>
    public TimeSpan AsDuration => TimeSpan.FromTicks((long)(TotalNanos / 100));

    /// <summary>Structural CEL equality (numeric kinds compare by value); errors never equal.</summary>
    public bool Equals(CelValue other) => Kind != CelKind.Error && other.Kind != CelKind.Error && ValueOps.Equal(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CelValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => ValueOps.Hash(this);

    /// <summary>Equality operator (CEL semantics).</summary>
    public static bool operator ==(CelValue left, CelValue right) => left.Equals(right);

    /// <summary>Inequality operator (CEL semantics).</summary>
    public static bool operator !=(CelValue left, CelValue right) => !left.Equals(right);

    /// <summary>A debug rendering of the value.</summary>
    public override string ToString() => ValueOps.Display(this, CultureInfo.InvariantCulture);
}
