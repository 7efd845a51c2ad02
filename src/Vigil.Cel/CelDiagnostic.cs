namespace Vigil.Cel;

/// <summary>A compile error at a 1-based line and column of the source.</summary>
public sealed record CelDiagnostic(int Line, int Column, string Message)
{
    /// <summary>"line:column: message".</summary>
    public override string ToString() => $"{Line}:{Column}: {Message}";
}
