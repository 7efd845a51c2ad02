namespace Vigil.Cel.Parsing;

internal enum ExprKind : byte
{
    Literal,
    Ident,
    Select,
    Call,
    List,
    Map,
    Struct,
    Comprehension,
}
