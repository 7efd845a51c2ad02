namespace Vigil.Cel.Runtime;

/// <summary>Compiler inputs taken from <see cref="CelOptions"/>.</summary>
internal sealed record CompilerSettings(TimeSpan RegexTimeout, long AssumedCollectionSize, bool Strict);
