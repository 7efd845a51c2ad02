namespace Vigil.Cel.Parsing;

/// <summary>A lexed token: kind, source offset, and its decoded value for literals and identifiers.</summary>
internal readonly record struct Token(TokenKind Kind, int Offset, string Text, CelValue Value, ulong Magnitude = 0);
