namespace Vigil.Cel.Parsing;

/// <summary>
/// A node of the parsed expression. One class for all kinds keeps the checker and compiler simple;
/// the checker fills <see cref="Type"/> and the resolution fields.
/// </summary>
internal sealed class Expr
{
    public Expr(ExprKind kind, int offset)
    {
        Kind = kind;
        Offset = offset;
    }

    public ExprKind Kind { get; }

    /// <summary>Source offset used for line:column in diagnostics.</summary>
    public int Offset { get; }

    /// <summary>Literal value.</summary>
    public CelValue Value { get; set; }

    /// <summary>Identifier, selected field, function name or struct type name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Select operand, method receiver, or comprehension range.</summary>
    public Expr? Target { get; set; }

    /// <summary>Call arguments; list elements; map keys and values interleaved; struct field values; macro bodies.</summary>
    public Expr[] Args { get; set; } = [];

    /// <summary>Struct field names.</summary>
    public string[] FieldNames { get; set; } = [];

    /// <summary>Optional field selection <c>x.?f</c>.</summary>
    public bool OptionalSelect { get; set; }

    /// <summary>For a list or map literal: which entries are optional (<c>[?x]</c>, <c>{?k: v}</c>); null when none is.</summary>
    public bool[]? OptionalEntries { get; set; }

    /// <summary>has() test: a select that only tests presence.</summary>
    public bool TestOnly { get; set; }

    public MacroKind Macro { get; set; }

    public string? IterVar { get; set; }

    public string? IterVar2 { get; set; }

    /// <summary>Nesting depth of this subtree (bounded by the parser).</summary>
    public int Depth { get; set; }

    /// <summary>True for a literal written as a single token (eligible for folding a unary minus).</summary>
    public bool IsBareNumber { get; set; }

    /// <summary>Unsigned magnitude of a bare int literal, to accept -9223372036854775808.</summary>
    public ulong Magnitude { get; set; }

    // Filled by the checker.
    public CelType Type { get; set; } = CelType.Dyn;

    /// <summary>Resolved variable: global slot or local (comprehension variable) index.</summary>
    public int Slot { get; set; } = -1;

    public bool IsLocal { get; set; }

    /// <summary>A qualified name this select/ident chain resolved to (a variable or a type denotation).</summary>
    public string? ResolvedName { get; set; }

    /// <summary>Resolved type denotation, when the identifier names a type.</summary>
    public CelType? TypeDenotation { get; set; }

    /// <summary>Comprehension local indices.</summary>
    public int LocalIndex { get; set; } = -1;

    public int LocalIndex2 { get; set; } = -1;
}
