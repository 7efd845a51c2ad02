namespace Vigil.Cel.Checking;

/// <summary>A checker finding at a source offset.</summary>
internal readonly record struct Diagnostic(int Offset, string Message);
