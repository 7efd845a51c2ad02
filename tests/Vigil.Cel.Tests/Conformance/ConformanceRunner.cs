using System.Text.Json;

namespace Vigil.Cel.Tests.Conformance;

/// <summary>Runs one conformance case against Vigil.Cel.</summary>
public static class ConformanceRunner
{
    public const string ProtobufSkipReason = "needs protobuf message types (TestAllTypes, wrappers, Any, Struct), which Vigil does not expose";

    private static readonly string[] ProtobufMarkers =
    [
        "TestAllTypes", "cel.expr.conformance", "google.protobuf.Int32Value", "google.protobuf.Int64Value",
        "google.protobuf.UInt32Value", "google.protobuf.UInt64Value", "google.protobuf.FloatValue", "google.protobuf.DoubleValue",
        "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.Any",
        "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.NullValue",
        "google.protobuf.Empty", "google.protobuf.FieldMask",
    ];

    public static IEnumerable<ConformanceCase> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        string file = Path.GetFileNameWithoutExtension(path);
        var cases = new List<ConformanceCase>();
        foreach (var section in doc.RootElement.GetProperty("section").EnumerateArray())
        {
            string sectionName = section.GetProperty("name").GetString()!;
            if (!section.TryGetProperty("test", out var tests))
            {
                continue;
            }

            foreach (var t in tests.EnumerateArray())
            {
                cases.Add(new ConformanceCase(file, sectionName, t.GetProperty("name").GetString()!, t.Clone()));
            }
        }

        return cases;
    }

    public static Outcome Run(ConformanceCase c)
    {
        string raw = c.Json.GetRawText();
        if (ProtobufMarkers.Any(m => raw.Contains(m, StringComparison.Ordinal)) || c.Container == "google.protobuf")
        {
            return Outcome.Skip(ProtobufSkipReason);
        }

        try
        {
            return RunCore(c);
        }
        catch (ConformanceValues.UnsupportedException ex)
        {
            return Outcome.Skip("unsupported in Vigil: " + ex.Message);
        }
    }

    private static Outcome RunCore(ConformanceCase c)
    {
        // A generous regex timeout: conformance is about semantics, and a loaded machine must not turn a match into a timeout.
        var env = new CelEnvironment(new CelOptions { Container = c.Container, DisableTypeChecking = c.DisableCheck, RegexTimeout = TimeSpan.FromSeconds(10) });
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (c.Json.TryGetProperty("typeEnv", out var typeEnv))
        {
            foreach (var decl in typeEnv.EnumerateArray())
            {
                if (!decl.TryGetProperty("ident", out var ident))
                {
                    return Outcome.Skip("declares custom functions");
                }

                string name = decl.GetProperty("name").GetString()!;
                env.Declare(name, ConformanceValues.Type(ident.GetProperty("type")));
                declared.Add(name);
            }
        }

        var bindings = new List<(string Name, CelValue Value)>();
        if (c.Json.TryGetProperty("bindings", out var bs))
        {
            foreach (var b in bs.EnumerateObject())
            {
                if (!b.Value.TryGetProperty("value", out var value))
                {
                    return Outcome.Skip("binding is not a value");
                }

                if (declared.Add(b.Name))
                {
                    env.Declare(b.Name, CelType.Dyn);
                }

                bindings.Add((b.Name, ConformanceValues.Value(value)));
            }
        }

        var compiled = env.Compile(c.Expr);
        if (!compiled.Success)
        {
            // A check-time rejection satisfies an expected error (the conformance suite's own convention
            // for cases such as isIP(cidr(...))).
            return c.ExpectsError
                ? new Outcome(OutcomeKind.Passed, "compile")
                : Outcome.Fail("compile: " + string.Join("; ", compiled.Diagnostics));
        }

        var activation = new CelActivation(env);
        foreach (var (name, value) in bindings)
        {
            activation.Set(name, value);
        }

        var result = compiled.Program!.Evaluate(activation);
        if (c.ExpectsError)
        {
            return result.IsError ? Outcome.Pass : Outcome.Fail($"expected an error, got {result}");
        }

        if (c.Json.TryGetProperty("value", out var expectedJson))
        {
            var expected = ConformanceValues.Value(expectedJson);
            return ConformanceValues.Same(expected, result) ? Outcome.Pass : Outcome.Fail($"expected {expected}, got {result}");
        }

        if (c.Json.TryGetProperty("typedResult", out _) || c.Json.TryGetProperty("anyEvalErrors", out _) || c.Json.TryGetProperty("unknown", out _))
        {
            return Outcome.Skip("result kind not supported by the runner");
        }

        return result.IsTrue ? Outcome.Pass : Outcome.Fail($"expected true, got {result}");
    }
}
