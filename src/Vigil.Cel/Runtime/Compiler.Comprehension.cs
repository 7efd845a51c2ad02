using Vigil.Cel.Parsing;

namespace Vigil.Cel.Runtime;

internal sealed partial class Compiler
{
    // Comprehension macros (langdef "Macros"): all/exists absorb errors when another element decides the
    // result; exists_one, map, filter and the transform macros surface the first error.
    private CompiledNode CompileComprehension(Expr e)
    {
        if (e.Macro is MacroKind.OptMap or MacroKind.OptFlatMap)
        {
            return CompileOptMap(e);
        }

        if (e.Macro == MacroKind.Block)
        {
            var parts = e.Args.Select(Compile).ToArray();
            var bindings = parts[..^1].Select(p => p.Eval).ToArray();
            var blockBody = parts[^1].Eval;
            int first = e.LocalIndex;
            return new CompiledNode(
                (in Frame f) =>
                {
                    // As with cel.bind, an error in a binding surfaces only where it is used.
                    for (int j = 0; j < bindings.Length; j++)
                    {
                        f.Locals[first + j] = bindings[j](in f);
                    }

                    return blockBody(in f);
                },
                parts.Aggregate(0L, (acc, p) => Sum(acc, p.Cost)));
        }

        if (e.Macro == MacroKind.Bind)
        {
            var init = Compile(e.Args[0]);
            var bodyNode = Compile(e.Args[1]);
            var i = init.Eval;
            var b = bodyNode.Eval;
            int local = e.LocalIndex;
            return new CompiledNode(
                (in Frame f) =>
                {
                    // An error in the bound value surfaces only where the body uses it.
                    f.Locals[local] = i(in f);
                    return b(in f);
                },
                Sum(init.Cost, bodyNode.Cost));
        }

        var range = Compile(e.Target!);
        var bodies = e.Args.Select(Compile).ToArray();
        long n = e.Target!.Kind switch
        {
            ExprKind.List => e.Target.Args.Length,
            ExprKind.Map => e.Target.Args.Length / 2,
            _ => range.IsConstant && range.Constant.Kind == CelKind.List ? range.Constant.AsList!.Count : settings.AssumedCollectionSize,
        };
        long bodyCost = bodies.Aggregate(1L, (acc, b) => Sum(acc, b.Cost));
        long cost = Sum(range.Cost, Product(Math.Max(n, 1), bodyCost));
        var r = range.Eval;
        int v1 = e.LocalIndex;
        int v2 = e.LocalIndex2;
        var macro = e.Macro;
        var body = bodies[^1].Eval;
        var filter = bodies.Length == 2 ? bodies[0].Eval : null;
        return new CompiledNode(
            (in Frame f) =>
            {
                var rv = r(in f);
                if (rv.IsError)
                {
                    return rv;
                }

                if (rv.Kind is not (CelKind.List or CelKind.Map))
                {
                    return Errors.NoSuchOverload;
                }

                return macro switch
                {
                    MacroKind.All => Quantify(in f, rv, v1, v2, body, decisive: false),
                    MacroKind.Exists => Quantify(in f, rv, v1, v2, body, decisive: true),
                    MacroKind.ExistsOne => ExistsOne(in f, rv, v1, v2, body),
                    MacroKind.TransformMap => TransformMap(in f, rv, v1, v2, filter, body),
                    MacroKind.Filter => Collect(in f, rv, v1, v2, body, null, filterOnly: true),
                    _ => Collect(in f, rv, v1, v2, filter, body, filterOnly: false),
                };
            },
            cost);
    }

    private static int Count(CelValue range) => range.Kind == CelKind.List ? range.AsList!.Count : range.AsMap!.Count;

    /// <summary>Binds the iteration variables for element <paramref name="i"/>; returns the element used by filter().</summary>
    private static CelValue Bind(in Frame f, CelValue range, int i, int v1, int v2)
    {
        if (range.Kind == CelKind.List)
        {
            var item = range.AsList![i];
            if (v2 >= 0)
            {
                f.Locals[v1] = CelValue.Int(i);
                f.Locals[v2] = item;
            }
            else
            {
                f.Locals[v1] = item;
            }

            return item;
        }

        var map = range.AsMap!;
        var key = map.Keys[i];
        f.Locals[v1] = key;
        if (v2 >= 0)
        {
            map.TryGetValue(key, out var value);
            f.Locals[v2] = value;
        }

        return key;
    }

    private static CelValue Quantify(in Frame f, CelValue range, int v1, int v2, Evaluator pred, bool decisive)
    {
        CelValue error = default;
        bool sawError = false;
        int count = Count(range);
        var budget = EvaluationBudget.Current;
        for (int i = 0; i < count; i++)
        {
            if (!budget.TickOne(out var exhausted))
            {
                return exhausted;
            }

            Bind(in f, range, i, v1, v2);
            var p = pred(in f);
            if (p.Kind == CelKind.Bool)
            {
                if (p.AsBool == decisive)
                {
                    return CelValue.Bool(decisive);
                }
            }
            else if (!sawError)
            {
                sawError = true;
                error = p.IsError ? p : Errors.NoSuchOverload;
            }
        }

        return sawError ? error : CelValue.Bool(!decisive);
    }

    private static CelValue ExistsOne(in Frame f, CelValue range, int v1, int v2, Evaluator pred)
    {
        int matches = 0;
        int count = Count(range);
        var budget = EvaluationBudget.Current;
        for (int i = 0; i < count; i++)
        {
            if (!budget.TickOne(out var exhausted))
            {
                return exhausted;
            }

            Bind(in f, range, i, v1, v2);
            var p = pred(in f);
            if (p.Kind != CelKind.Bool)
            {
                return p.IsError ? p : Errors.NoSuchOverload;
            }

            if (p.AsBool)
            {
                matches++;
            }
        }

        return CelValue.Bool(matches == 1);
    }

    private static CelValue Collect(in Frame f, CelValue range, int v1, int v2, Evaluator? filter, Evaluator? transform, bool filterOnly)
    {
        int count = Count(range);
        var results = new List<CelValue>();
        var budget = EvaluationBudget.Current;
        for (int i = 0; i < count; i++)
        {
            if (!budget.TickOne(out var exhausted))
            {
                return exhausted;
            }

            var element = Bind(in f, range, i, v1, v2);
            if (filter is not null)
            {
                var keep = filter(in f);
                if (keep.Kind != CelKind.Bool)
                {
                    return keep.IsError ? keep : Errors.NoSuchOverload;
                }

                if (!keep.AsBool)
                {
                    continue;
                }
            }

            if (!EvaluationBudget.TryAllocate(1, out var full))
            {
                return full;
            }

            if (filterOnly)
            {
                results.Add(element);
                continue;
            }

            var t = transform!(in f);
            if (t.IsError)
            {
                return t;
            }

            results.Add(t);
        }

        return CelValue.List(new CelList([.. results]));
    }

    private static CelValue TransformMap(in Frame f, CelValue range, int v1, int v2, Evaluator? filter, Evaluator transform)
    {
        int count = Count(range);
        var result = new CelMap(count);
        var budget = EvaluationBudget.Current;
        for (int i = 0; i < count; i++)
        {
            if (!budget.TickOne(out var exhausted))
            {
                return exhausted;
            }

            Bind(in f, range, i, v1, v2);
            if (filter is not null)
            {
                var keep = filter(in f);
                if (keep.Kind != CelKind.Bool)
                {
                    return keep.IsError ? keep : Errors.NoSuchOverload;
                }

                if (!keep.AsBool)
                {
                    continue;
                }
            }

            var t = transform(in f);
            if (t.IsError)
            {
                return t;
            }

            if (!EvaluationBudget.TryAllocate(1, out var full))
            {
                return full;
            }

            result.TryAdd(f.Locals[v1], t);
        }

        return CelValue.Map(result);
    }
}
