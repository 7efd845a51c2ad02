using System.Globalization;
using System.Text;
using CsCheck;

namespace Vigil.Core.Tests.Telemetry;

/// <summary>
/// Generators of hostile ECS lines: arbitrary bytes, and JSON objects whose keys mix the ECS fields the reader knows
/// with arbitrary names and whose values are of every type (strings with any UTF-16 code unit, lone surrogates
/// included, written as escapes; huge and odd numbers; nesting past the reader's depth limit; duplicate keys).
/// </summary>
internal static class HostileJson
{
    private static readonly string[] EcsKeys =
    [
        "@timestamp", "event.created", "event.id", "event.action", "event.outcome", "event.category", "user.id", "user.name",
        "user.email", "user.roles", "source.ip", "source.geo.location", "source.geo.lat", "source.geo.lon", "source.as.number",
        "labels.mfa_result", "labels.tenant", "device.id", "user_agent.original", "destination.bytes", "file.size",
    ];

    /// <summary>Any UTF-16 code unit, weighted towards ASCII and the surrogate range.</summary>
    public static readonly Gen<char> AnyChar = Gen.OneOf(Gen.Int[0x20, 0x7E], Gen.Int[0, 0xFFFF], Gen.Int[0xD800, 0xDFFF]).Select(i => (char)i);

    public static readonly Gen<string> AnyString = AnyChar.Array[0, 12].Select(chars => new string(chars));

    // Static fields are initialised in order: each generator comes after the ones it is built from.
    public static readonly Gen<string> Key = Gen.OneOf(Gen.OneOf(EcsKeys), Gen.OneOf(EcsKeys), AnyString);

    public static readonly Gen<string> Number = Gen.OneOf(
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e400"),
        Gen.OneOf("1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000001", "-0", "1772438400000", "1772438400000000"));

    public static readonly Gen<string> Scalar = Gen.OneOf(
        AnyString.Select(Quote),
        Number,
        Gen.OneOf("true", "false", "null", "\"2026-03-02T08:00:00Z\"", "\"2026-03-02T08:00:00\"", "\"81.2.69.10\"", "\"999.1.1.1\"", "\"sign-in\"", "\"logout\""));

    /// <summary>Values nested up to a few levels (built bottom-up so that each level is one generator, not a tree of them).</summary>
    public static readonly Gen<string> Value = Nested(3);

    /// <summary>An object nested <c>n</c> deep, from 10 to 40 levels: around the reader's limit of 16.</summary>
    public static readonly Gen<string> Deep = Gen.Int[10, 40].Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n));

    /// <summary>One line: a JSON object of 0 to 8 members (keys may repeat), now and then with a nested or too deep value.</summary>
    public static readonly Gen<string> Line = Gen.OneOf(
        Gen.Select(Key, Gen.OneOf(Value, Value, Value, Deep), (k, v) => Quote(k) + ":" + v).Array[0, 8].Select(members => "{" + string.Join(",", members) + "}"),
        Value);

    /// <summary>A line the reader must accept, with an id to find it by.</summary>
    public static string Good(int id) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"@timestamp":"2026-03-02T08:00:00Z","event":{"id":"good-{{{id}}}","action":"sign-in"},"user":{"id":"bob"}}""");

    /// <summary>A JSON string literal; every code unit outside printable ASCII is escaped, so lone surrogates survive as text.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return sb.Append('"').ToString();
    }

    private static Gen<string> Nested(int depth)
    {
        var value = Scalar;
        for (int i = 0; i < depth; i++)
        {
            var inner = value;
            value = Gen.OneOf(
                Scalar,
                inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
                Gen.Select(Key, inner, (k, v) => Quote(k) + ":" + v).Array[0, 4].Select(members => "{" + string.Join(",", members) + "}"));
        }

        return value;
    }
}
