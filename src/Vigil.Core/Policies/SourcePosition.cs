namespace Vigil.Core.Policies;

/// <summary>A place in a policy file (1-based line and column).</summary>
public readonly record struct SourcePosition(int Line, int Column);
