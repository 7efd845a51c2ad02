using Vigil.Cel.Checking;
using Vigil.Cel.Parsing;
using Vigil.Cel.Runtime;

namespace Vigil.Cel;

/// <summary>
/// Declarations and limits for compiling CEL: declare the variables a policy may use, then
/// <see cref="Compile"/> conditions. Compiled programs are immutable and thread-safe.
/// </summary>
public sealed class CelEnvironment
{
    private readonly Dictionary<string, Declaration> _declarations = new(StringComparer.Ordinal);
    private readonly BudgetLimits _limits;

    /// <summary>Creates an environment with the given limits (validated here).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its documented range.</exception>
    public CelEnvironment(CelOptions? options = null)
    {
        Options = options ?? new CelOptions();
        Options.Validate();
        _limits = BudgetLimits.From(Options);
    }

    /// <summary>The limits in force.</summary>
    public CelOptions Options { get; }

    /// <summary>Number of declared variables (activation slots).</summary>
    public int SlotCount => _declarations.Count;

    /// <summary>Declares a variable (a qualified name such as "request.time" is allowed) and returns its slot.</summary>
    /// <exception cref="ArgumentException">The name is empty or already declared.</exception>
    public int Declare(string name, CelType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(type);
        int slot = _declarations.Count;
        if (!_declarations.TryAdd(name, new Declaration(name, type, slot)))
        {
            throw new ArgumentException($"Variable '{name}' is already declared.", nameof(name));
        }

        return slot;
    }

    /// <summary>The slot of a declared variable.</summary>
    /// <exception cref="ArgumentException">The name was not declared.</exception>
    public int SlotOf(string name) =>
        _declarations.TryGetValue(name, out var d) ? d.Slot : throw new ArgumentException($"Variable '{name}' is not declared.", nameof(name));

    /// <summary>Parses, type-checks, estimates the cost of and compiles <paramref name="source"/>. Never throws for bad input.</summary>
    public CelCompileResult Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<CelDiagnostic>();
        if (source.Length > Options.MaxExpressionLength)
        {
            diagnostics.Add(new CelDiagnostic(1, 1, $"expression length {source.Length} exceeds the limit of {Options.MaxExpressionLength} characters"));
            return new CelCompileResult(null, diagnostics);
        }

        Expr ast;
        try
        {
            ast = Parser.Parse(source, Options.MaxNestingDepth);
        }
        catch (CelSyntaxException ex)
        {
            diagnostics.Add(At(source, ex.Offset, "syntax error: " + ex.Message));
            return new CelCompileResult(null, diagnostics);
        }

        bool strict = !Options.DisableTypeChecking;
        var checker = new Checker(_declarations, Options.Container, Library.Standard, strict);
        var type = checker.Check(ast);
        foreach (var d in checker.Diagnostics)
        {
            diagnostics.Add(At(source, d.Offset, d.Message));
        }

        if (diagnostics.Count > 0)
        {
            return new CelCompileResult(null, diagnostics);
        }

        // Constant folding runs library functions at compile time, so it is bounded by the same budget.
        var budget = EvaluationBudget.Current;
        var saved = budget.Enter(_limits);
        CompiledNode node;
        Compiler compiler;
        try
        {
            compiler = new Compiler(Library.Standard, new CompilerSettings(Options.RegexTimeout, Options.AssumedCollectionSize, strict));
            node = compiler.Compile(ast);
        }
        finally
        {
            budget.Exit(saved);
        }

        foreach (var d in compiler.Diagnostics)
        {
            diagnostics.Add(At(source, d.Offset, d.Message));
        }

        if (node.Cost > Options.MaxCost)
        {
            diagnostics.Add(new CelDiagnostic(1, 1, $"estimated cost {node.Cost} exceeds the limit of {Options.MaxCost}; simplify the expression or bound the collections it iterates"));
        }

        if (diagnostics.Count > 0)
        {
            return new CelCompileResult(null, diagnostics);
        }

        return new CelCompileResult(new CelProgram(source, node, checker.LocalCount, type, _limits), diagnostics);
    }

    private static CelDiagnostic At(string source, int offset, string message)
    {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new CelDiagnostic(line, column, message);
    }
}
