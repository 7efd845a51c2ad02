namespace Vigil.Cel.Parsing;

/// <summary>The comprehension macros of langdef "Macros", the two-variable forms of the comprehensions extension, and cel.bind.</summary>
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

    /// <summary>cel.bind(name, init, body) of the bindings extension: a local variable.</summary>
    Bind,

    /// <summary>cel.block([b0, b1, ...], body): locals @index0, @index1, ... bound in order, then the body (Args: bindings, then body).</summary>
    Block,

    /// <summary>opt.optMap(v, expr): optional.of(expr) with v bound to the value, or none.</summary>
    OptMap,

    /// <summary>opt.optFlatMap(v, expr): expr (an optional) with v bound to the value, or none.</summary>
    OptFlatMap,
}
