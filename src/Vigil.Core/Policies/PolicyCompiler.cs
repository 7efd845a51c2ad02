using Vigil.Cel;
using Vigil.Core.Decisions;

namespace Vigil.Core.Policies;

/// <summary>
/// Validates and compiles a policy: every CEL condition is parsed, type-checked against the declared variables
/// (an unknown field or a type error is rejected now, not when a request arrives) and cost-bounded. Every problem
/// is collected with file:line:column.
/// </summary>
public static class PolicyCompiler
{
    /// <summary>
    /// Default limits on conditions: size, nesting, estimated cost, and the run-time budgets (iterations, cost, memory)
    /// whose exhaustion by request data is a condition error, so a deny (docs/cel.md). Pass other limits to <see cref="Compile"/>.
    /// </summary>
    public static CelOptions ConditionLimits { get; } = new()
    {
        MaxExpressionLength = 4_000,
        MaxNestingDepth = 32,
        MaxCost = 10_000,
        MaxIterations = 100_000,
        MaxRuntimeCost = 200_000,
        MaxAllocation = 200_000,
        RegexTimeout = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>
    /// Compiles <paramref name="document"/> with <paramref name="extraData"/> laid over its own data, its conditions under
    /// <paramref name="conditionLimits"/> (default <see cref="ConditionLimits"/>); null with diagnostics on error.
    /// </summary>
    public static CompiledPolicy? Compile(PolicyDocument document, string file, out IReadOnlyList<PolicyDiagnostic> diagnostics, PolicyData? extraData = null,
        CelOptions? conditionLimits = null)
    {
        var errors = new List<PolicyDiagnostic>();
        diagnostics = errors;
        var variables = new PolicyVariables(conditionLimits ?? ConditionLimits);
        var segments = new List<CompiledSegment>(document.Segments.Count);
        foreach (var segment in document.Segments)
        {
            var rules = new List<CompiledRule>(segment.Rules.Count);
            foreach (var rule in segment.Rules)
            {
                CelProgram? program = null;
                if (rule.Condition is { } condition)
                {
                    var result = variables.Environment.Compile(condition);
                    if (!result.Success)
                    {
                        foreach (var d in result.Diagnostics)
                        {
                            var (line, column) = Place(rule.ConditionPosition, d.Line, d.Column);
                            errors.Add(new PolicyDiagnostic(file, line, column,
                                $"condition of rule '{rule.Name}' in segment '{segment.Name}': {d.Message}",
                                "conditions may use subject.*, resource.*, action.*, context, risk.*, device.*, request.* (docs/policies.md)."));
                        }

                        continue;
                    }

                    program = result.Program!;
                    if (program.ResultType.Kind is not (CelTypeKind.Bool or CelTypeKind.Dyn))
                    {
                        errors.Add(new PolicyDiagnostic(file, rule.ConditionPosition.Line, rule.ConditionPosition.Column,
                            $"condition of rule '{rule.Name}' in segment '{segment.Name}' is of type {program.ResultType}, not bool.",
                            "write a condition that is true or false, e.g. compare with ==."));
                        continue;
                    }
                }

                rules.Add(new CompiledRule(rule, program));
            }

            segments.Add(new CompiledSegment(segment, segment.Mode ?? document.DefaultMode, segment.Upstream ?? document.DefaultUpstream, rules));
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var data = extraData is null ? document.Data : document.Data.Merge(extraData);
        return new CompiledPolicy(document, data, [.. segments], variables);
    }

    /// <summary>Parses and compiles policy text; data files are laid over the document's own data.</summary>
    public static CompiledPolicy? CompileText(string text, string file, out IReadOnlyList<PolicyDiagnostic> diagnostics, PolicyData? extraData = null,
        CelOptions? conditionLimits = null)
    {
        var document = PolicyParser.Parse(text, file, out diagnostics);
        return document is null ? null : Compile(document, file, out diagnostics, extraData, conditionLimits);
    }

    /// <summary>Loads, validates and compiles a policy file and optional data files.</summary>
    public static CompiledPolicy? CompileFiles(string policyPath, IEnumerable<string> dataPaths, out IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        var all = new List<PolicyDiagnostic>();
        diagnostics = all;
        var data = PolicyData.Empty;
        foreach (string path in dataPaths)
        {
            var parsed = PolicyDataParser.Parse(ReadFile(path, all), path, out var dataDiagnostics);
            all.AddRange(dataDiagnostics);
            if (parsed is not null)
            {
                data = data.Merge(parsed);
            }
        }

        string text = ReadFile(policyPath, all);
        if (all.Count > 0)
        {
            return null;
        }

        var policy = CompileText(text, policyPath, out var policyDiagnostics, data);
        all.AddRange(policyDiagnostics);
        return all.Count == 0 ? policy : null;
    }

    /// <summary>The policy Vigil ships: sensible segments and bands, in monitor mode (src/Vigil.Core/Policies/default-policy.yaml).</summary>
    public static CompiledPolicy Default()
    {
        using var stream = typeof(PolicyCompiler).Assembly.GetManifestResourceStream("Vigil.Core.Policies.default-policy.yaml")
            ?? throw new InvalidOperationException("The default policy is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return CompileText(reader.ReadToEnd(), "default-policy.yaml", out var diagnostics)
            ?? throw new InvalidOperationException("The default policy is invalid: " + string.Join("; ", diagnostics));
    }

    private static string ReadFile(string path, List<PolicyDiagnostic> errors)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                errors.Add(new PolicyDiagnostic(path, 1, 1, "the file does not exist.", "check the path."));
                return "";
            }

            if (info.Length > YamlReader.MaxDocumentBytes)
            {
                errors.Add(new PolicyDiagnostic(path, 1, 1, $"the file is {info.Length:N0} bytes; the limit is {YamlReader.MaxDocumentBytes:N0}.", "split it."));
                return "";
            }

            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            errors.Add(new PolicyDiagnostic(path, 1, 1, "cannot read the file: " + ex.Message, null));
            return "";
        }
    }

    private static (int Line, int Column) Place(SourcePosition start, int celLine, int celColumn) =>
        start.Line == 0 ? (1, 1)
        : celLine <= 1 ? (start.Line, start.Column + celColumn - 1)
        : (start.Line + celLine - 1, start.Column + celColumn - 1 - 2);
}
