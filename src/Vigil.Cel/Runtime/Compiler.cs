using System.Text.RegularExpressions;
using Vigil.Cel.Checking;
using Vigil.Cel.Parsing;

namespace Vigil.Cel.Runtime;

/// <summary>
/// Turns a checked expression into closures. Names are already slots, overloads are bound once, constant
/// subtrees are folded, and a cost is estimated per node (comprehensions multiply their body cost by the
/// range size, known for literals and assumed otherwise).
/// </summary>
internal sealed partial class Compiler(Library library, CompilerSettings settings)
{
    private static readonly Frame ConstFrame = new(EmptyActivation.Instance, []);

    public List<Diagnostic> Diagnostics { get; } = [];

    public CompiledNode Compile(Expr e) => e.Kind switch
    {
        ExprKind.Literal => CompiledNode.Const(e.Value),
        ExprKind.Ident => CompileIdent(e),
        ExprKind.Select => e.ResolvedName is not null ? CompileIdent(e) : CompileSelect(e),
        ExprKind.Call => CompileCall(e),
        ExprKind.List => CompileList(e),
        ExprKind.Map => CompileMap(e),
        ExprKind.Struct => CompiledNode.Const(CelValue.Error($"unknown message type '{e.Name}'")),
        ExprKind.Comprehension => CompileComprehension(e),
        _ => CompiledNode.Const(Errors.NoSuchOverload),
    };

    private static CompiledNode Fold(Evaluator eval, long cost, params CompiledNode[] children)
    {
        foreach (var c in children)
        {
            if (!c.IsConstant)
            {
                return new CompiledNode(eval, cost);
            }
        }

        return CompiledNode.Const(eval(in ConstFrame));
    }

    private static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Product(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;

    private static CompiledNode CompileIdent(Expr e)
    {
        if (e.IsLocal)
        {
            int index = e.Slot;
            return new CompiledNode((in Frame f) => f.Locals[index], 1);
        }

        if (e.TypeDenotation is { } type)
        {
            return CompiledNode.Const(CelValue.Type(type));
        }

        if (e.ResolvedName is null)
        {
            return CompiledNode.Const(CelValue.Error($"undeclared reference to '{e.Name}' (unknown variable)"));
        }

        int slot = e.Slot;
        var unbound = CelValue.Error($"no such attribute: variable '{e.ResolvedName}' is not bound");
        return new CompiledNode((in Frame f) => f.Activation.TryResolve(slot, out var v) ? v : unbound, 1);
    }

    private CompiledNode CompileSelect(Expr e)
    {
        if (!e.TestOnly && !e.OptionalSelect && CompileFieldPath(e) is { } fused)
        {
            return fused;
        }

        var target = Compile(e.Target!);
        var t = target.Eval;
        string name = e.Name;
        int hash = name.GetHashCode(StringComparison.Ordinal);
        long cost = Sum(target.Cost, 1);
        if (e.TestOnly)
        {
            return Fold(
                (in Frame f) =>
                {
                    var v = t(in f);
                    if (CelOptional.TryGet(v, out var o))
                    {
                        // has(opt.f): false for none, else presence on the value.
                        if (!o.HasValue)
                        {
                            return CelValue.False;
                        }

                        v = o.Value;
                    }

                    return v.Kind switch
                    {
                        CelKind.Map => CelValue.Bool(v.UnsafeMap.TryGetField(name, hash, out _)),
                        CelKind.Error => v,
                        _ => Errors.NoSuchOverload,
                    };
                },
                cost,
                target);
        }

        if (e.OptionalSelect)
        {
            return Fold((in Frame f) => SelectOptional(t(in f), name, hash), cost, target);
        }

        var missing = CelValue.Error($"no such key: '{e.Name}'");
        var unsupported = CelValue.Error($"field selection '.{e.Name}' is not supported on this value (no such overload)");
        return Fold(
            (in Frame f) =>
            {
                var v = t(in f);
                if (v.Kind == CelKind.Map)
                {
                    return v.UnsafeMap.TryGetField(name, hash, out var r) ? r : missing;
                }

                if (v.Kind == CelKind.Opaque && CelOptional.TryGet(v, out _))
                {
                    return SelectOptional(v, name, hash);
                }

                return v.Kind == CelKind.Error ? v : unsupported;
            },
            cost,
            target);
    }

    // subject.a.b on a variable compiles to one closure that resolves the slot and walks the fields,
    // instead of one closure per step: policy conditions are mostly such paths.
    private static CompiledNode? CompileFieldPath(Expr e)
    {
        var names = new List<string>();
        var node = e;
        while (node.Kind == ExprKind.Select && node.ResolvedName is null && !node.TestOnly && !node.OptionalSelect)
        {
            names.Add(node.Name);
            node = node.Target!;
        }

        bool isVariable = (node.Kind is ExprKind.Ident or ExprKind.Select) && node.TypeDenotation is null
            && (node.IsLocal || node.ResolvedName is not null) && node.Slot >= 0;
        if (!isVariable || names.Count == 0)
        {
            return null;
        }

        names.Reverse();
        string[] path = [.. names];
        int[] hashes = path.Select(n => n.GetHashCode(StringComparison.Ordinal)).ToArray();
        var missing = path.Select(n => CelValue.Error($"no such key: '{n}'")).ToArray();
        var unsupported = path.Select(n => CelValue.Error($"field selection '.{n}' is not supported on this value (no such overload)")).ToArray();
        int slot = node.Slot;
        bool local = node.IsLocal;
        var unbound = CelValue.Error($"no such attribute: variable '{node.ResolvedName}' is not bound");
        long cost = 1 + path.Length;
        return new CompiledNode(
            (in Frame f) =>
            {
                CelValue v;
                if (local)
                {
                    v = f.Locals[slot];
                }
                else if (!f.Activation.TryResolve(slot, out v))
                {
                    return unbound;
                }

                for (int i = 0; i < path.Length; i++)
                {
                    if (v.Kind != CelKind.Map)
                    {
                        if (v.Kind == CelKind.Opaque && CelOptional.TryGet(v, out _))
                        {
                            // A local bound to an optional: the rest of the path stays optional.
                            for (int j = i; j < path.Length; j++)
                            {
                                v = SelectOptional(v, path[j], hashes[j]);
                            }

                            return v;
                        }

                        return v.IsError ? v : unsupported[i];
                    }

                    if (!v.UnsafeMap.TryGetField(path[i], hashes[i], out v))
                    {
                        return missing[i];
                    }
                }

                return v;
            },
            cost);
    }

    private CompiledNode CompileList(Expr e)
    {
        var items = e.Args.Select(Compile).ToArray();
        var evals = items.Select(i => i.Eval).ToArray();
        long cost = items.Aggregate(1L, (acc, i) => Sum(acc, i.Cost));
        if (e.OptionalEntries is { } optional)
        {
            return Fold((in Frame f) => OptionalList(in f, evals, optional), cost, items);
        }

        return Fold(
            (in Frame f) =>
            {
                if (!EvaluationBudget.TryAllocate(evals.Length, out var full))
                {
                    return full;
                }

                var values = new CelValue[evals.Length];
                for (int i = 0; i < evals.Length; i++)
                {
                    var v = evals[i](in f);
                    if (v.IsError)
                    {
                        return v;
                    }

                    values[i] = v;
                }

                return CelValue.List(new CelList(values));
            },
            cost,
            items);
    }

    private CompiledNode CompileMap(Expr e)
    {
        var parts = e.Args.Select(Compile).ToArray();
        var evals = parts.Select(i => i.Eval).ToArray();
        var optional = e.OptionalEntries;
        long cost = parts.Aggregate(1L, (acc, i) => Sum(acc, i.Cost));
        return Fold(
            (in Frame f) =>
            {
                if (!EvaluationBudget.TryAllocate(evals.Length / 2, out var full))
                {
                    return full;
                }

                var map = new CelMap(evals.Length / 2);
                for (int i = 0; i < evals.Length; i += 2)
                {
                    var k = evals[i](in f);
                    if (k.IsError)
                    {
                        return k;
                    }

                    var v = evals[i + 1](in f);
                    if (optional?[i / 2] == true && !TryOptionalEntry(ref v))
                    {
                        continue;
                    }

                    if (v.IsError)
                    {
                        return v;
                    }

                    if (!CelMap.IsValidKey(k))
                    {
                        return CelValue.Error($"unsupported key type: {ValueOps.TypeOf(k).Name}");
                    }

                    if (!map.TryAdd(k, v))
                    {
                        return CelValue.Error($"Failed with repeated key: {k}");
                    }
                }

                return CelValue.Map(map);
            },
            cost,
            parts);
    }

    private CompiledNode CompileCall(Expr e)
    {
        switch (e.Name)
        {
            case "_&&_": return CompileLogical(e, isAnd: true);
            case "_||_": return CompileLogical(e, isAnd: false);
            case "_?_:_": return CompileConditional(e);
            case "_==_":
            case "_!=_": return CompileEquality(e, e.Name == "_!=_");
            case "_<_":
            case "_<=_":
            case "_>_":
            case "_>=_": return CompileRelation(e);
            case "@in": return CompileIn(e);
            case "_[_]": return CompileIndex(e, optionalIndex: false);
            case "_[?_]": return CompileIndex(e, optionalIndex: true);
            case "or" or "orValue" when e.Target is not null && e.Args.Length == 1: return CompileOr(e, e.Name == "orValue");
            case "matches": return CompileMatches(e);
        }

        var args = new List<CompiledNode>();
        if (e.Target is not null)
        {
            args.Add(Compile(e.Target));
        }

        args.AddRange(e.Args.Select(Compile));
        var overload = library.Find(e.Name, e.Target is not null, args.Count);
        long cost = args.Aggregate((long)(overload?.Cost ?? 1), (acc, a) => Sum(acc, a.Cost));
        if (overload is null)
        {
            var err = library.HasFunction(e.Name)
                ? CelValue.Error($"no such overload: {e.Name} with {args.Count} argument(s)")
                : CelValue.Error($"undeclared reference to function '{e.Name}'");
            return CompiledNode.Const(err);
        }

        var nodes = args.ToArray();
        if (overload.FN is { } fn)
        {
            var evals = nodes.Select(n => n.Eval).ToArray();
            return Fold(
                (in Frame f) =>
                {
                    var values = new CelValue[evals.Length];
                    for (int i = 0; i < evals.Length; i++)
                    {
                        values[i] = evals[i](in f);
                        if (values[i].IsError)
                        {
                            return values[i];
                        }
                    }

                    return fn(values);
                },
                cost,
                nodes);
        }

        switch (nodes.Length)
        {
            case 1:
                {
                    var f1 = overload.F1!;
                    var a = nodes[0].Eval;
                    return Fold(
                        (in Frame f) =>
                        {
                            var x = a(in f);
                            return x.IsError ? x : f1(x);
                        },
                        cost,
                        nodes);
                }

            case 2:
                {
                    var f2 = overload.F2!;
                    var a = nodes[0].Eval;
                    var b = nodes[1].Eval;
                    return Fold(
                        (in Frame f) =>
                        {
                            var x = a(in f);
                            if (x.IsError)
                            {
                                return x;
                            }

                            var y = b(in f);
                            return y.IsError ? y : f2(x, y);
                        },
                        cost,
                        nodes);
                }

            case 3:
                {
                    var f3 = overload.F3!;
                    var a = nodes[0].Eval;
                    var b = nodes[1].Eval;
                    var c = nodes[2].Eval;
                    return Fold(
                        (in Frame f) =>
                        {
                            var x = a(in f);
                            if (x.IsError)
                            {
                                return x;
                            }

                            var y = b(in f);
                            if (y.IsError)
                            {
                                return y;
                            }

                            var z = c(in f);
                            return z.IsError ? z : f3(x, y, z);
                        },
                        cost,
                        nodes);
                }

            default:
                {
                    var f4 = overload.F4!;
                    var a = nodes[0].Eval;
                    var b = nodes[1].Eval;
                    var c = nodes[2].Eval;
                    var d = nodes[3].Eval;
                    return Fold(
                        (in Frame f) =>
                        {
                            var x = a(in f);
                            if (x.IsError)
                            {
                                return x;
                            }

                            var y = b(in f);
                            if (y.IsError)
                            {
                                return y;
                            }

                            var z = c(in f);
                            if (z.IsError)
                            {
                                return z;
                            }

                            var w = d(in f);
                            return w.IsError ? w : f4(x, y, z, w);
                        },
                        cost,
                        nodes);
                }
        }
    }

    // Commutative logical operators (langdef "Logical Operators"): false && error == false, true || error == true;
    // otherwise an error or a non-bool operand yields an error, so a failing condition never grants.
    private CompiledNode CompileLogical(Expr e, bool isAnd)
    {
        var left = Compile(e.Args[0]);
        var right = Compile(e.Args[1]);
        var l = left.Eval;
        var r = right.Eval;
        long cost = Sum(Sum(left.Cost, right.Cost), 1);
        Evaluator eval = isAnd
            ? (in Frame f) =>
            {
                var x = l(in f);
                if (x.Kind == CelKind.Bool && !x.AsBool)
                {
                    return CelValue.False;
                }

                var y = r(in f);
                if (y.Kind == CelKind.Bool)
                {
                    if (!y.AsBool)
                    {
                        return CelValue.False;
                    }

                    return x.Kind == CelKind.Bool ? CelValue.True : (x.IsError ? x : Errors.NoSuchOverload);
                }

                return x.IsError ? x : y.IsError ? y : Errors.NoSuchOverload;
            }
        : (in Frame f) =>
        {
            var x = l(in f);
            if (x.Kind == CelKind.Bool && x.AsBool)
            {
                return CelValue.True;
            }

            var y = r(in f);
            if (y.Kind == CelKind.Bool)
            {
                if (y.AsBool)
                {
                    return CelValue.True;
                }

                return x.Kind == CelKind.Bool ? CelValue.False : (x.IsError ? x : Errors.NoSuchOverload);
            }

            return x.IsError ? x : y.IsError ? y : Errors.NoSuchOverload;
        };
        return Fold(eval, cost, left, right);
    }

    private CompiledNode CompileConditional(Expr e)
    {
        var cond = Compile(e.Args[0]);
        var then = Compile(e.Args[1]);
        var otherwise = Compile(e.Args[2]);
        var c = cond.Eval;
        var t = then.Eval;
        var o = otherwise.Eval;
        long cost = Sum(cond.Cost, Math.Max(then.Cost, otherwise.Cost));
        return Fold(
            (in Frame f) =>
            {
                var x = c(in f);
                if (x.Kind == CelKind.Bool)
                {
                    return x.AsBool ? t(in f) : o(in f);
                }

                return x.IsError ? x : Errors.NoSuchOverload;
            },
            cost,
            cond,
            then,
            otherwise);
    }

    private CompiledNode CompileEquality(Expr e, bool negate)
    {
        var left = Compile(e.Args[0]);
        var right = Compile(e.Args[1]);
        var l = left.Eval;
        var r = right.Eval;
        long cost = Sum(Sum(left.Cost, right.Cost), 1);
        return Fold(
            (in Frame f) =>
            {
                var x = l(in f);
                if (x.IsError)
                {
                    return x;
                }

                var y = r(in f);
                if (y.IsError)
                {
                    return y;
                }

                if (x.Kind == CelKind.String && y.Kind == CelKind.String)
                {
                    return CelValue.Bool(string.Equals(x.UnsafeString, y.UnsafeString, StringComparison.Ordinal) != negate);
                }

                if (x.Kind == CelKind.List && y.Kind == CelKind.List)
                {
                    EvaluationBudget.Spend(x.UnsafeList.Count);
                }
                else if (x.Kind == CelKind.Map && y.Kind == CelKind.Map)
                {
                    EvaluationBudget.Spend(x.AsMap!.Count);
                }

                return CelValue.Bool(ValueOps.Equal(x, y) != negate);
            },
            cost,
            left,
            right);
    }

    private CompiledNode CompileRelation(Expr e)
    {
        var left = Compile(e.Args[0]);
        var right = Compile(e.Args[1]);
        var l = left.Eval;
        var r = right.Eval;
        long cost = Sum(Sum(left.Cost, right.Cost), 1);
        int op = e.Name switch
        {
            "_<_" => 0,
            "_<=_" => 1,
            "_>_" => 2,
            _ => 3,
        };
        if (right.IsConstant && right.Constant.Kind == CelKind.Int && !left.IsConstant)
        {
            // Common policy shape: attribute < literal. Compare ints directly, fall back to the general rules.
            long k = right.Constant.AsInt;
            var kv = right.Constant;
            return new CompiledNode(
                (in Frame f) =>
                {
                    var x = l(in f);
                    if (x.Kind == CelKind.Int)
                    {
                        long a = x.AsInt;
                        return CelValue.Bool(op switch
                        {
                            0 => a < k,
                            1 => a <= k,
                            2 => a > k,
                            _ => a >= k,
                        });
                    }

                    return x.IsError ? x : Relate(op, x, kv);
                },
                cost);
        }

        return Fold(
            (in Frame f) =>
            {
                var x = l(in f);
                if (x.IsError)
                {
                    return x;
                }

                var y = r(in f);
                if (y.IsError)
                {
                    return y;
                }

                return Relate(op, x, y);
            },
            cost,
            left,
            right);
    }

    private static CelValue Relate(int op, CelValue x, CelValue y)
    {
        int c = ValueOps.Compare(x, y);
        if (c == ValueOps.NoOverload)
        {
            return Errors.NoSuchOverload;
        }

        if (c == ValueOps.Unordered)
        {
            return CelValue.False;
        }

        return CelValue.Bool(op switch
        {
            0 => c < 0,
            1 => c <= 0,
            2 => c > 0,
            _ => c >= 0,
        });
    }

    private CompiledNode CompileIn(Expr e)
    {
        var elem = Compile(e.Args[0]);
        var container = Compile(e.Args[1]);
        var l = elem.Eval;
        var r = container.Eval;
        long size = e.Args[1].Kind is ExprKind.List ? e.Args[1].Args.Length : settings.AssumedCollectionSize;
        long cost = Sum(Sum(elem.Cost, container.Cost), size);
        return Fold(
            (in Frame f) =>
            {
                var x = l(in f);
                if (x.IsError)
                {
                    return x;
                }

                var y = r(in f);
                switch (y.Kind)
                {
                    case CelKind.List:
                        EvaluationBudget.Spend(y.UnsafeList.Count);
                        foreach (var item in y.UnsafeList.AsSpan())
                        {
                            if (ValueOps.Equal(x, item))
                            {
                                return CelValue.True;
                            }
                        }

                        return CelValue.False;
                    case CelKind.Map:
                        return CelValue.Bool((CelMap.IsValidKey(x) || x.Kind == CelKind.Double) && y.AsMap!.TryGetValue(x, out _));
                    case CelKind.Error:
                        return y;
                    default:
                        return Errors.NoSuchOverload;
                }
            },
            cost,
            elem,
            container);
    }

    private CompiledNode CompileIndex(Expr e, bool optionalIndex)
    {
        var target = Compile(e.Args[0]);
        var index = Compile(e.Args[1]);
        var t = target.Eval;
        var i = index.Eval;
        long cost = Sum(Sum(target.Cost, index.Cost), 1);
        return Fold(
            (in Frame f) =>
            {
                var x = t(in f);
                if (x.IsError)
                {
                    return x;
                }

                var k = i(in f);
                if (k.IsError)
                {
                    return k;
                }

                return optionalIndex || x.Kind == CelKind.Opaque ? IndexOptional(x, k, optionalIndex) : Index(x, k);
            },
            cost,
            target,
            index);
    }

    internal static CelValue Index(CelValue container, CelValue key) => Index(container, key, out _);

    /// <summary>container[key]; <paramref name="absent"/> tells a missing key or index from other errors.</summary>
    private static CelValue Index(CelValue container, CelValue key, out bool absent)
    {
        absent = false;
        if (container.Kind == CelKind.List)
        {
            var list = container.AsList!;
            long idx;
            switch (key.Kind)
            {
                case CelKind.Int: idx = key.AsInt; break;
                case CelKind.Uint: idx = key.AsUint > int.MaxValue ? -1 : (long)key.AsUint; break;
                case CelKind.Double:
                    double d = key.AsDouble;
                    if (d != Math.Truncate(d) || d < int.MinValue || d > int.MaxValue)
                    {
                        return CelValue.Error("invalid_argument: list index must be a whole number");
                    }

                    idx = (long)d;
                    break;
                default: return CelValue.Error("invalid_argument: list index must be a number");
            }

            absent = idx < 0 || idx >= list.Count;
            return absent ? Errors.IndexOutOfRange : list[(int)idx];
        }

        if (container.Kind == CelKind.Map)
        {
            if (key.Kind is CelKind.Int or CelKind.Uint or CelKind.Bool or CelKind.String or CelKind.Double
                && container.AsMap!.TryGetValue(key, out var v))
            {
                return v;
            }

            absent = true;
            return Errors.NoSuchKey;
        }

        return Errors.NoSuchOverload;
    }

    private CompiledNode CompileMatches(Expr e)
    {
        var subjectExpr = e.Target ?? e.Args[0];
        var patternExpr = e.Target is null ? e.Args[1] : e.Args[0];
        if (e.Args.Length != (e.Target is null ? 2 : 1))
        {
            return CompiledNode.Const(Errors.NoSuchOverload);
        }

        var subject = Compile(subjectExpr);
        var pattern = Compile(patternExpr);
        var s = subject.Eval;
        long cost = Sum(Sum(subject.Cost, pattern.Cost), 20);
        var timeout = settings.RegexTimeout;
        if (pattern.IsConstant && pattern.Constant.Kind == CelKind.String)
        {
            // Compile the pattern once; an invalid or unsupported pattern is a compile-time error.
            Regex? regex = RegexSupport.TryCompile(pattern.Constant.AsString!, timeout, out var error);
            if (regex is null)
            {
                if (settings.Strict)
                {
                    Diagnostics.Add(new Diagnostic(patternExpr.Offset, error!));
                }

                return CompiledNode.Const(CelValue.Error(error!));
            }

            return Fold(
                (in Frame f) =>
                {
                    var x = s(in f);
                    if (x.IsError)
                    {
                        return x;
                    }

                    return x.Kind == CelKind.String ? RegexSupport.Matches(regex, x.AsString!) : Errors.NoSuchOverload;
                },
                cost,
                subject);
        }

        var p = pattern.Eval;
        return new CompiledNode(
            (in Frame f) =>
            {
                var x = s(in f);
                if (x.IsError)
                {
                    return x;
                }

                var y = p(in f);
                if (y.IsError)
                {
                    return y;
                }

                if (x.Kind != CelKind.String || y.Kind != CelKind.String)
                {
                    return Errors.NoSuchOverload;
                }

                var regex = RegexSupport.TryCompile(y.AsString!, timeout, out var error, fromData: true);
                return regex is null ? CelValue.Error(error!) : RegexSupport.Matches(regex, x.AsString!);
            },
            Sum(cost, 100));
    }
}
