using System.Globalization;
using System.Text.Json;

namespace Vigil.Cel.Tests.Conformance;

/// <summary>Decodes cel.expr.Value and cel.expr.Type (protobuf JSON mapping) into Vigil.Cel values and types.</summary>
public static class ConformanceValues
{
    /// <summary>Thrown for protobuf message values and types that Vigil does not expose.</summary>
    public sealed class UnsupportedException(string message) : Exception(message);

    public static CelValue Value(JsonElement v)
    {
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "nullValue": return CelValue.Null;
                case "boolValue": return CelValue.Bool(p.Value.GetBoolean());
                case "int64Value": return CelValue.Int(long.Parse(p.Value.ToString(), CultureInfo.InvariantCulture));
                case "uint64Value": return CelValue.Uint(ulong.Parse(p.Value.ToString(), CultureInfo.InvariantCulture));
                case "doubleValue":
                    return CelValue.Double(p.Value.ValueKind == JsonValueKind.String
                        ? p.Value.GetString() switch
                        {
                            "NaN" => double.NaN,
                            "Infinity" => double.PositiveInfinity,
                            "-Infinity" => double.NegativeInfinity,
                            var s => double.Parse(s!, CultureInfo.InvariantCulture),
                        }
                        : p.Value.GetDouble());
                case "stringValue": return CelValue.String(p.Value.GetString()!);
                case "bytesValue": return CelValue.Bytes(Convert.FromBase64String(p.Value.GetString()!));
                case "listValue":
                    var items = new List<CelValue>();
                    if (p.Value.TryGetProperty("values", out var values))
                    {
                        foreach (var item in values.EnumerateArray())
                        {
                            items.Add(Value(item));
                        }
                    }

                    return CelValue.List(new CelList([.. items]));
                case "mapValue":
                    var entries = new List<KeyValuePair<CelValue, CelValue>>();
                    if (p.Value.TryGetProperty("entries", out var es))
                    {
                        foreach (var e in es.EnumerateArray())
                        {
                            entries.Add(new(Value(e.GetProperty("key")), Value(e.GetProperty("value"))));
                        }
                    }

                    return CelValue.Map(CelMap.Create(entries));
                case "typeValue": return CelValue.Type(TypeByName(p.Value.GetString()!));
                case "objectValue": return ObjectValue(p.Value);
            }
        }

        throw new UnsupportedException("unknown value shape " + v);
    }

    private static CelValue ObjectValue(JsonElement o)
    {
        string type = o.GetProperty("@type").GetString()!;
        var env = new CelEnvironment();
        switch (type)
        {
            case "type.googleapis.com/google.protobuf.Timestamp":
                return env.Compile($"timestamp('{o.GetProperty("value").GetString()}')").Program!.Evaluate(new CelActivation(env));
            case "type.googleapis.com/google.protobuf.Duration":
                return env.Compile($"duration('{o.GetProperty("value").GetString()}')").Program!.Evaluate(new CelActivation(env));
            default:
                throw new UnsupportedException("protobuf message " + type);
        }
    }

    public static CelType TypeByName(string name) => name switch
    {
        "int" => CelType.Int,
        "uint" => CelType.Uint,
        "double" => CelType.Double,
        "bool" => CelType.Bool,
        "string" => CelType.String,
        "bytes" => CelType.Bytes,
        "list" => CelType.ListOfDyn,
        "map" => CelType.MapOfDyn,
        "null_type" => CelType.Null,
        "type" => CelType.TypeOfDyn,
        "google.protobuf.Timestamp" => CelType.Timestamp,
        "google.protobuf.Duration" => CelType.Duration,
        _ => throw new UnsupportedException("type " + name),
    };

    public static CelType Type(JsonElement t)
    {
        foreach (var p in t.EnumerateObject())
        {
            switch (p.Name)
            {
                case "primitive":
                    return p.Value.GetString() switch
                    {
                        "INT64" => CelType.Int,
                        "UINT64" => CelType.Uint,
                        "DOUBLE" => CelType.Double,
                        "BOOL" => CelType.Bool,
                        "STRING" => CelType.String,
                        "BYTES" => CelType.Bytes,
                        var other => throw new UnsupportedException("primitive " + other),
                    };
                case "listType": return CelType.List(p.Value.TryGetProperty("elemType", out var et) ? Type(et) : CelType.Dyn);
                case "mapType": return CelType.Map(Type(p.Value.GetProperty("keyType")), Type(p.Value.GetProperty("valueType")));
                case "messageType": return TypeByName(p.Value.GetString()!);
                case "wellKnown":
                    return p.Value.GetString() switch
                    {
                        "TIMESTAMP" => CelType.Timestamp,
                        "DURATION" => CelType.Duration,
                        var other => throw new UnsupportedException("well-known type " + other),
                    };
                case "dyn": return CelType.Dyn;
                case "null": return CelType.Null;
                case "type": return CelType.TypeOf(Type(p.Value));
            }
        }

        throw new UnsupportedException("type " + t);
    }

    /// <summary>Expected-vs-actual equality: exact kinds, NaN equals NaN, lists and maps element-wise.</summary>
    public static bool Same(CelValue expected, CelValue actual)
    {
        if (expected.Kind != actual.Kind)
        {
            return false;
        }

        switch (expected.Kind)
        {
            case CelKind.Double:
                return (double.IsNaN(expected.AsDouble) && double.IsNaN(actual.AsDouble)) || expected.AsDouble.Equals(actual.AsDouble);
            case CelKind.List:
                var a = expected.AsList!;
                var b = actual.AsList!;
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (int i = 0; i < a.Count; i++)
                {
                    if (!Same(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case CelKind.Map:
                var m = expected.AsMap!;
                var n = actual.AsMap!;
                if (m.Count != n.Count)
                {
                    return false;
                }

                foreach (var key in m.Keys)
                {
                    m.TryGetValue(key, out var mv);
                    if (!n.TryGetValue(key, out var nv) || !Same(mv, nv))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return expected.Equals(actual);
        }
    }
}
