namespace Vigil.Cel.Parsing;

/// <summary>Aborts parsing at the first syntax error; caught by <see cref="Parser"/> and turned into a diagnostic.</summary>
internal sealed class CelSyntaxException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
