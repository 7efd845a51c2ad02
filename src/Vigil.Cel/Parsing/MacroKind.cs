namespace Vigil.Cel.Parsing;

/// <summary>The comprehension macros of langdef "Macros" plus the two-variable forms of the comprehensions extension.</summary>
internal enum MacroKind : byte
{
    None,
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
    TransformList,
    TransformMap,
}
