using System.Runtime.CompilerServices;

namespace Vigil.Cel.Parsing;

/// <summary>
/// Recursive-descent parser for the CEL grammar (langdef "Syntax"). Macros are expanded here.
/// Recursion is bounded by <see cref="_maxDepth"/> so deep nesting is a clean error, never a stack overflow.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    };

    private readonly List<Token> _tokens;
    private readonly int _maxDepth;
    private int _pos;
    private int _recursion;

    private Parser(List<Token> tokens, int maxDepth)
    {
        _tokens = tokens;
        _maxDepth = maxDepth;
    }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="CelSyntaxException"/> on the first error.</summary>
    public static Expr Parse(string source, int maxDepth)
    {
        var tokens = new Lexer(source).Tokenize();
        var parser = new Parser(tokens, maxDepth);
        var expr = parser.ParseExpr();
        if (parser.Current.Kind != TokenKind.Eof)
        {
            throw new CelSyntaxException(parser.Current.Offset, $"unexpected '{parser.Current.Text}' after end of expression");
        }

        return expr;
    }

    private Token Current => _tokens[_pos];

    private Token Advance() => _tokens[_pos++];

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind == kind)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            string found = Current.Kind == TokenKind.Eof ? "end of input" : $"'{Current.Text}'";
            throw new CelSyntaxException(Current.Offset, $"expected {what} but found {found}");
        }

        return Advance();
    }

    private Expr Node(ExprKind kind, int offset, Expr? target = null, params Expr[] args)
    {
        var e = new Expr(kind, offset) { Target = target, Args = args };
        int depth = target?.Depth ?? 0;
        foreach (var a in args)
        {
            depth = Math.Max(depth, a.Depth);
        }

        e.Depth = depth + 1;
        if (e.Depth > _maxDepth)
        {
            throw new CelSyntaxException(offset, $"expression nesting exceeds the limit of {_maxDepth}");
        }

        return e;
    }

    private Expr Call(int offset, string function, Expr? target, params Expr[] args)
    {
        var e = Node(ExprKind.Call, offset, target, args);
        e.Name = function;
        return e;
    }

    private void Enter()
    {
        if (++_recursion > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new CelSyntaxException(Current.Offset, $"expression nesting exceeds the limit of {_maxDepth}");
        }
    }

    private Expr ParseExpr()
    {
        Enter();
        var cond = ParseOr();
        if (Current.Kind == TokenKind.Question)
        {
            int at = Advance().Offset;
            var then = ParseOr();
            Expect(TokenKind.Colon, "':'");
            var otherwise = ParseExpr();
            cond = Call(at, "_?_:_", null, cond, then, otherwise);
        }

        _recursion--;
        return cond;
    }

    private Expr ParseOr() => ParseLogical(TokenKind.OrOr, "_||_", ParseAnd);

    private Expr ParseAnd() => ParseLogical(TokenKind.AndAnd, "_&&_", ParseRelation);

    // Chains of && / || are built as balanced trees (as cel-go does) so long policies stay shallow.
    private Expr ParseLogical(TokenKind op, string function, Func<Expr> next)
    {
        var first = next();
        if (Current.Kind != op)
        {
            return first;
        }

        var operands = new List<Expr> { first };
        var offsets = new List<int>();
        while (Current.Kind == op)
        {
            offsets.Add(Advance().Offset);
            operands.Add(next());
        }

        return Balance(operands, offsets, 0, operands.Count - 1, function);
    }

    private Expr Balance(List<Expr> operands, List<int> offsets, int lo, int hi, string function)
    {
        if (lo == hi)
        {
            return operands[lo];
        }

        int mid = (lo + hi + 1) / 2;
        var left = Balance(operands, offsets, lo, mid - 1, function);
        var right = Balance(operands, offsets, mid, hi, function);
        return Call(offsets[mid - 1], function, null, left, right);
    }

    private Expr ParseRelation()
    {
        var left = ParseAddition();
        while (true)
        {
            string? fn = Current.Kind switch
            {
                TokenKind.Less => "_<_",
                TokenKind.LessEq => "_<=_",
                TokenKind.Greater => "_>_",
                TokenKind.GreaterEq => "_>=_",
                TokenKind.EqEq => "_==_",
                TokenKind.NotEq => "_!=_",
                TokenKind.In => "@in",
                _ => null,
            };
            if (fn is null)
            {
                return left;
            }

            int at = Advance().Offset;
            var right = ParseAddition();
            left = Call(at, fn, null, left, right);
        }
    }

    private Expr ParseAddition()
    {
        var left = ParseMultiplication();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplication();
            left = Call(op.Offset, op.Kind == TokenKind.Plus ? "_+_" : "_-_", null, left, right);
        }

        return left;
    }

    private Expr ParseMultiplication()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = ParseUnary();
            string fn = op.Kind switch
            {
                TokenKind.Star => "_*_",
                TokenKind.Slash => "_/_",
                _ => "_%_",
            };
            left = Call(op.Offset, fn, null, left, right);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        Expr result;
        if (Current.Kind == TokenKind.Bang)
        {
            var ops = new List<int>();
            while (Current.Kind == TokenKind.Bang)
            {
                ops.Add(Advance().Offset);
            }

            result = ParseMember();
            for (int i = ops.Count - 1; i >= 0; i--)
            {
                result = Call(ops[i], "!_", null, result);
            }
        }
        else if (Current.Kind == TokenKind.Minus)
        {
            var ops = new List<int>();
            while (Current.Kind == TokenKind.Minus)
            {
                ops.Add(Advance().Offset);
            }

            result = ParseMember();
            int i = ops.Count - 1;
            if (result.Kind == ExprKind.Literal && result.IsBareNumber)
            {
                // Fold the innermost minus into the literal so -9223372036854775808 is representable.
                if (result.Value.Kind == CelKind.Int || (result.Magnitude > long.MaxValue && result.Value.Kind == CelKind.Null))
                {
                    ulong mag = result.Magnitude;
                    if (mag > 9223372036854775808UL)
                    {
                        throw new CelSyntaxException(result.Offset, "integer literal out of range");
                    }

                    result = Literal(ops[i], CelValue.Int(unchecked(-(long)mag)));
                    i--;
                }
                else if (result.Value.Kind == CelKind.Double)
                {
                    result = Literal(ops[i], CelValue.Double(-result.Value.AsDouble));
                    i--;
                }
            }

            for (; i >= 0; i--)
            {
                result = Call(ops[i], "-_", null, result);
            }
        }
        else
        {
            result = ParseMember();
        }

        if (result.Kind == ExprKind.Literal && result.IsBareNumber && result.Value.Kind == CelKind.Null)
        {
            throw new CelSyntaxException(result.Offset, "integer literal out of range");
        }

        return result;
    }

    private Expr Literal(int offset, CelValue value)
    {
        var e = Node(ExprKind.Literal, offset);
        e.Value = value;
        return e;
    }

    private Expr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.Dot)
            {
                Advance();
                bool optional = Accept(TokenKind.Question);
                var nameTok = Current;
                if (nameTok.Kind is not (TokenKind.Ident or TokenKind.QuotedIdent or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.In))
                {
                    throw new CelSyntaxException(nameTok.Offset, "expected a field name after '.'");
                }

                Advance();
                if (Current.Kind == TokenKind.LParen && nameTok.Kind != TokenKind.QuotedIdent && !optional)
                {
                    Advance();
                    var args = ParseExprList(TokenKind.RParen);
                    expr = ReceiverCall(nameTok, expr, args);
                }
                else
                {
                    var sel = Node(ExprKind.Select, nameTok.Offset, expr);
                    sel.Name = nameTok.Text;
                    sel.OptionalSelect = optional;
                    expr = sel;
                }
            }
            else if (t.Kind == TokenKind.LBracket)
            {
                Advance();
                bool optional = Accept(TokenKind.Question);
                var index = ParseExpr();
                Expect(TokenKind.RBracket, "']'");
                expr = Call(t.Offset, optional ? "_[?_]" : "_[_]", null, expr, index);
            }
            else if (t.Kind == TokenKind.LBrace && QualifiedName(expr) is { } typeName)
            {
                Advance();
                expr = ParseStruct(t.Offset, typeName);
            }
            else
            {
                return expr;
            }
        }
    }

    private static string? QualifiedName(Expr e)
    {
        if (e.Kind == ExprKind.Ident)
        {
            return e.Name;
        }

        if (e.Kind == ExprKind.Select && !e.TestOnly && !e.OptionalSelect && e.Target is not null && QualifiedName(e.Target) is { } prefix)
        {
            return prefix + "." + e.Name;
        }

        return null;
    }

    private Expr ParseStruct(int offset, string typeName)
    {
        var names = new List<string>();
        var values = new List<Expr>();
        while (Current.Kind != TokenKind.RBrace)
        {
            var field = Current;
            if (field.Kind is not (TokenKind.Ident or TokenKind.QuotedIdent))
            {
                throw new CelSyntaxException(field.Offset, "expected a field name in message construction");
            }

            Advance();
            Expect(TokenKind.Colon, "':'");
            names.Add(field.Text);
            values.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RBrace, "'}'");
        var e = Node(ExprKind.Struct, offset, null, [.. values]);
        e.Name = typeName;
        e.FieldNames = [.. names];
        return e;
    }

    private List<Expr> ParseExprList(TokenKind close)
    {
        var list = new List<Expr>();
        if (!Accept(close))
        {
            while (true)
            {
                list.Add(ParseExpr());
                if (Accept(close))
                {
                    break;
                }

                Expect(TokenKind.Comma, "','");
                if (close != TokenKind.RParen && Accept(close))
                {
                    break;
                }
            }
        }

        return list;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Int:
            case TokenKind.Uint:
            case TokenKind.Double:
                Advance();
                if (t.Kind == TokenKind.Int && t.Magnitude > long.MaxValue && (_pos < 2 || _tokens[_pos - 2].Kind != TokenKind.Minus))
                {
                    throw new CelSyntaxException(t.Offset, "integer literal out of range");
                }

                var num = Literal(t.Offset, t.Value);
                num.IsBareNumber = true;
                num.Magnitude = t.Magnitude;
                return num;
            case TokenKind.String:
            case TokenKind.Bytes:
            case TokenKind.True:
            case TokenKind.False:
            case TokenKind.Null:
                Advance();
                return Literal(t.Offset, t.Value);
            case TokenKind.LParen:
                Advance();
                var inner = ParseExpr();
                Expect(TokenKind.RParen, "')'");
                return inner;
            case TokenKind.LBracket:
                {
                    Advance();
                    var items = new List<Expr>();
                    var optionals = new List<bool>();
                    while (Current.Kind != TokenKind.RBracket)
                    {
                        optionals.Add(Accept(TokenKind.Question));
                        items.Add(ParseExpr());
                        if (!Accept(TokenKind.Comma))
                        {
                            break;
                        }
                    }

                    Expect(TokenKind.RBracket, "']'");
                    var list = Node(ExprKind.List, t.Offset, null, [.. items]);
                    list.OptionalEntries = optionals.Contains(true) ? [.. optionals] : null;
                    return list;
                }

            case TokenKind.LBrace:
                Advance();
                return ParseMap(t.Offset);
            case TokenKind.Dot:
                {
                    Advance();
                    var id = Expect(TokenKind.Ident, "an identifier after leading '.'");
                    CheckReserved(id);
                    if (Current.Kind == TokenKind.LParen)
                    {
                        Advance();
                        var args = ParseExprList(TokenKind.RParen);
                        return Call(id.Offset, id.Text, null, [.. args]);
                    }

                    var e = Node(ExprKind.Ident, id.Offset);
                    e.Name = "." + id.Text;
                    return e;
                }

            case TokenKind.Ident:
                {
                    Advance();
                    CheckReserved(t);
                    if (Current.Kind == TokenKind.LParen)
                    {
                        Advance();
                        var args = ParseExprList(TokenKind.RParen);
                        return GlobalCall(t, args);
                    }

                    var e = Node(ExprKind.Ident, t.Offset);
                    e.Name = t.Text;
                    return e;
                }

            case TokenKind.Eof:
                throw new CelSyntaxException(t.Offset, "unexpected end of input");
            default:
                throw new CelSyntaxException(t.Offset, $"unexpected '{t.Text}'");
        }
    }

    private static void CheckReserved(Token t)
    {
        if (Reserved.Contains(t.Text))
        {
            throw new CelSyntaxException(t.Offset, $"reserved identifier '{t.Text}'");
        }
    }

    private Expr ParseMap(int offset)
    {
        var args = new List<Expr>();
        var optionals = new List<bool>();
        while (Current.Kind != TokenKind.RBrace)
        {
            optionals.Add(Accept(TokenKind.Question));
            args.Add(ParseExpr());
            Expect(TokenKind.Colon, "':'");
            args.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RBrace, "'}'");
        var map = Node(ExprKind.Map, offset, null, [.. args]);
        map.OptionalEntries = optionals.Contains(true) ? [.. optionals] : null;
        return map;
    }

    private Expr GlobalCall(Token name, List<Expr> args)
    {
        if (name.Text == "has")
        {
            if (args.Count != 1 || args[0].Kind != ExprKind.Select)
            {
                throw new CelSyntaxException(name.Offset, "has() macro requires a single field selection argument, e.g. has(a.b)");
            }

            var sel = args[0];
            var test = Node(ExprKind.Select, name.Offset, sel.Target);
            test.Name = sel.Name;
            test.TestOnly = true;
            return test;
        }

        return Call(name.Offset, name.Text, null, [.. args]);
    }

    private Expr ReceiverCall(Token name, Expr target, List<Expr> args)
    {
        if (target.Kind == ExprKind.Ident && target.Name == "cel" && BlockMacro(name, args) is { } block)
        {
            return block;
        }

        if (name.Text == "bind" && target.Kind == ExprKind.Ident && target.Name == "cel" && args.Count == 3)
        {
            if (args[0].Kind != ExprKind.Ident || args[0].Name.StartsWith('.'))
            {
                throw new CelSyntaxException(args[0].Offset, "cel.bind() macro: the variable must be a simple name");
            }

            var bind = Node(ExprKind.Comprehension, name.Offset, null, args[1], args[2]);
            bind.Name = "cel.bind";
            bind.Macro = MacroKind.Bind;
            bind.IterVar = args[0].Name;
            return bind;
        }

        if (name.Text is "optMap" or "optFlatMap" && args.Count == 2)
        {
            if (args[0].Kind != ExprKind.Ident || args[0].Name.StartsWith('.'))
            {
                throw new CelSyntaxException(args[0].Offset, $"{name.Text}() macro: the variable must be a simple name");
            }

            var opt = Node(ExprKind.Comprehension, name.Offset, target, args[1]);
            opt.Name = name.Text;
            opt.Macro = name.Text == "optMap" ? MacroKind.OptMap : MacroKind.OptFlatMap;
            opt.IterVar = args[0].Name;
            return opt;
        }

        (MacroKind kind, int vars, int minBodies, int maxBodies) = (name.Text, args.Count) switch
        {
            ("all", 2) => (MacroKind.All, 1, 1, 1),
            ("all", 3) => (MacroKind.All, 2, 1, 1),
            ("exists", 2) => (MacroKind.Exists, 1, 1, 1),
            ("exists", 3) => (MacroKind.Exists, 2, 1, 1),
            ("exists_one" or "existsOne", 2) => (MacroKind.ExistsOne, 1, 1, 1),
            ("exists_one" or "existsOne", 3) => (MacroKind.ExistsOne, 2, 1, 1),
            ("map", 2 or 3) => (MacroKind.Map, 1, 1, 2),
            ("filter", 2) => (MacroKind.Filter, 1, 1, 1),
            ("transformList", 3 or 4) => (MacroKind.TransformList, 2, 1, 2),
            ("transformMap", 3 or 4) => (MacroKind.TransformMap, 2, 1, 2),
            _ => (MacroKind.None, 0, 0, 0),
        };
        if (kind == MacroKind.None)
        {
            return Call(name.Offset, name.Text, target, [.. args]);
        }

        var bodies = args.Skip(vars).ToArray();
        if (bodies.Length < minBodies || bodies.Length > maxBodies)
        {
            throw new CelSyntaxException(name.Offset, $"wrong number of arguments to {name.Text}() macro");
        }

        string IterName(Expr e)
        {
            if (e.Kind != ExprKind.Ident || e.Name.StartsWith('.'))
            {
                throw new CelSyntaxException(e.Offset, $"{name.Text}() macro: iteration variable must be a simple name");
            }

            return e.Name;
        }

        var c = Node(ExprKind.Comprehension, name.Offset, target, bodies);
        c.Name = name.Text;
        c.Macro = kind;
        c.IterVar = IterName(args[0]);
        if (vars == 2)
        {
            c.IterVar2 = IterName(args[1]);
            if (c.IterVar == c.IterVar2)
            {
                throw new CelSyntaxException(args[1].Offset, $"{name.Text}() macro: iteration variables must differ");
            }
        }

        return c;
    }

    // cel.block([b0, b1, ...], body) of the block extension (cel-go ext/bindings, used by optimisers for common
    // subexpressions): b_i is cel.index(i) in later bindings and the body. It becomes one flat node binding locals whose
    // names ('@index0', '@it:0:0') cannot be written in source; flat, so an optimiser's hundreds of bindings do not count
    // as nesting. cel.iterVar(i, j) and cel.accuVar(i, j) name macro variables.
    private Expr? BlockMacro(Token name, List<Expr> args)
    {
        switch (name.Text)
        {
            case "index" when args.Count == 1:
                return Ident(name.Offset, "@index" + IndexArgument(args[0]));
            case "iterVar" when args.Count == 2:
                return Ident(name.Offset, $"@it:{IndexArgument(args[0])}:{IndexArgument(args[1])}");
            case "accuVar" when args.Count == 2:
                return Ident(name.Offset, $"@ac:{IndexArgument(args[0])}:{IndexArgument(args[1])}");
            case "block" when args.Count == 2:
                if (args[0].Kind != ExprKind.List || args[0].OptionalEntries is not null)
                {
                    throw new CelSyntaxException(args[0].Offset, "cel.block() requires a list literal of bindings");
                }

                var block = Node(ExprKind.Comprehension, name.Offset, null, [.. args[0].Args, args[1]]);
                block.Name = "cel.block";
                block.Macro = MacroKind.Block;
                return block;
            default:
                return null;
        }
    }

    private Expr Ident(int offset, string name)
    {
        var e = Node(ExprKind.Ident, offset);
        e.Name = name;
        return e;
    }

    private static string IndexArgument(Expr e) =>
        e.Kind == ExprKind.Literal && e.Value.Kind == CelKind.Int && e.Value.AsInt >= 0
            ? e.Value.AsInt.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new CelSyntaxException(e.Offset, "cel.index(), cel.iterVar() and cel.accuVar() take non-negative int literals");
}
