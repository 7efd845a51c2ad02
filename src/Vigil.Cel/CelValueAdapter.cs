using System.Collections;
using System.Text.Json;

namespace Vigil.Cel;

/// <summary>
/// Converts plain .NET data and JSON into <see cref="CelValue"/>s. Only known shapes are accepted
/// (primitives, strings, byte arrays, times, dictionaries, lists); arbitrary objects are rejected,
/// never reflected into. Convert once per request and reuse the values across evaluations.
/// </summary>
public static class CelValueAdapter
{
    /// <summary>Maximum nesting accepted when converting (guards against cyclic or hostile input).</summary>
    public const int MaxDepth = 64;

    /// <summary>Converts a .NET value.</summary>
    /// <exception cref="ArgumentException">The value (or a nested one) has an unsupported type, or nesting exceeds <see cref="MaxDepth"/>.</exception>
    public static CelValue FromObject(object? value) => FromObject(value, 0);

    private static CelValue FromObject(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Value nesting exceeds {MaxDepth} levels.", nameof(value));
        }

        switch (value)
        {
            case null: return CelValue.Null;
            case CelValue v: return v;
            case bool b: return CelValue.Bool(b);
            case string s: return CelValue.String(s);
            case int i: return CelValue.Int(i);
            case long l: return CelValue.Int(l);
            case short sh: return CelValue.Int(sh);
            case sbyte sb: return CelValue.Int(sb);
            case byte by: return CelValue.Uint(by);
            case ushort us: return CelValue.Uint(us);
            case uint ui: return CelValue.Uint(ui);
            case ulong ul: return CelValue.Uint(ul);
            case double d: return CelValue.Double(d);
            case float f: return CelValue.Double(f);
            case decimal m: return CelValue.Double((double)m);
            case byte[] bytes: return CelValue.Bytes(bytes);
            case DateTimeOffset dto: return CelValue.Timestamp(dto);
            case DateTime dt: return CelValue.Timestamp(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()));
            case TimeSpan ts: return CelValue.Duration(ts);
            case Enum e: return CelValue.String(e.ToString());
            case JsonElement je: return FromJson(je);
            case CelType t: return CelValue.Type(t);
            case CelList list: return CelValue.List(list);
            case CelMap map: return CelValue.Map(map);
            case IDictionary dict:
                {
                    var entries = new List<KeyValuePair<CelValue, CelValue>>(dict.Count);
                    foreach (DictionaryEntry entry in dict)
                    {
                        entries.Add(new(FromObject(entry.Key, depth + 1), FromObject(entry.Value, depth + 1)));
                    }

                    return CelValue.Map(CelMap.Create(entries));
                }

            case IEnumerable seq:
                {
                    var items = new List<CelValue>();
                    foreach (var item in seq)
                    {
                        items.Add(FromObject(item, depth + 1));
                    }

                    return CelValue.List(new CelList([.. items]));
                }

            default:
                throw new ArgumentException($"Values of type {value.GetType().Name} cannot be converted to CEL; pass primitives, dictionaries, lists or CelValue.", nameof(value));
        }
    }

    /// <summary>
    /// Converts JSON: numbers become int when integral and in range, else double (use <see cref="CelValue"/>
    /// directly for uint); objects become maps with string keys.
    /// </summary>
    public static CelValue FromJson(JsonElement element) => FromJson(element, 0);

    private static CelValue FromJson(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"JSON nesting exceeds {MaxDepth} levels.", nameof(element));
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return CelValue.Null;
            case JsonValueKind.True: return CelValue.True;
            case JsonValueKind.False: return CelValue.False;
            case JsonValueKind.String: return CelValue.String(element.GetString()!);
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? CelValue.Int(l) : CelValue.Double(element.GetDouble());
            case JsonValueKind.Array:
                {
                    var items = new CelValue[element.GetArrayLength()];
                    int i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[i++] = FromJson(item, depth + 1);
                    }

                    return CelValue.List(new CelList(items));
                }

            default:
                {
                    var entries = new List<KeyValuePair<CelValue, CelValue>>();
                    foreach (var prop in element.EnumerateObject())
                    {
                        entries.Add(new(CelValue.String(prop.Name), FromJson(prop.Value, depth + 1)));
                    }

                    return CelValue.Map(CelMap.Create(entries));
                }
        }
    }
}
