namespace Vigil.Cel;

/// <summary>The outcome of <see cref="CelEnvironment.Compile"/>: a program, or every diagnostic found.</summary>
public sealed class CelCompileResult
{
    internal CelCompileResult(CelProgram? program, IReadOnlyList<CelDiagnostic> diagnostics)
    {
        Program = program;
        Diagnostics = diagnostics;
    }

    /// <summary>The compiled program; null when there are diagnostics.</summary>
    public CelProgram? Program { get; }

    /// <summary>Errors with line:column; empty on success.</summary>
    public IReadOnlyList<CelDiagnostic> Diagnostics { get; }

    /// <summary>True when compilation succeeded.</summary>
    public bool Success => Program is not null;
}
