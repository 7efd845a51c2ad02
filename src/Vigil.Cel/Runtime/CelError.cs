namespace Vigil.Cel.Runtime;

/// <summary>The payload of an error value.</summary>
internal sealed class CelError(string message)
{
    public string Message { get; } = message;

    public static readonly CelError DivideByZero = new("divide by zero");
    public static readonly CelError ModulusByZero = new("modulus by zero");
    public static readonly CelError IntOverflow = new("integer overflow");
    public static readonly CelError UintOverflow = new("unsigned integer overflow");
    public static readonly CelError NoSuchOverload = new("no such overload");
    public static readonly CelError NoSuchKey = new("no such key");
    public static readonly CelError IndexOutOfRange = new("index out of range (invalid_argument)");
    public static readonly CelError RangeError = new("range error: value out of range");
    public static readonly CelError TimestampRange = new("timestamp out of range");
    public static readonly CelError DurationRange = new("duration out of range");
    public static readonly CelError RegexTimeout = new("regular expression timed out");
}
