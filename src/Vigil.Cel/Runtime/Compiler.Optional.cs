using Vigil.Cel.Parsing;

namespace Vigil.Cel.Runtime;

// Optional types (cel-go ext/optional): selecting or indexing through an optional stays optional, so an absent
// link in a chain such as a.?b.c[?0] ends in optional.none() instead of an error.
internal sealed partial class Compiler
{
    /// <summary>x.?f, or x.f where x is an optional: optional.of(the field) when present, else none.</summary>
    private static CelValue SelectOptional(CelValue v, string name, int hash)
    {
        if (CelOptional.TryGet(v, out var o))
        {
            if (!o.HasValue)
            {
                return v;
            }

            v = o.Value;
        }

        if (v.Kind == CelKind.Map)
        {
            return v.UnsafeMap.TryGetField(name, hash, out var r) ? CelOptional.Of(r) : CelOptional.NoneValue;
        }

        return v.IsError ? v : Errors.NoSuchOverload;
    }

    /// <summary>x[?k], or x[k] where x is an optional: optional.of(the element) when present, else none.</summary>
    private static CelValue IndexOptional(CelValue container, CelValue key, bool optionalIndex)
    {
        if (CelOptional.TryGet(container, out var o))
        {
            if (!o.HasValue)
            {
                return container;
            }

            container = o.Value;
        }
        else if (!optionalIndex)
        {
            return Index(container, key);
        }

        var r = Index(container, key, out bool absent);
        return absent ? CelOptional.NoneValue : CelOptional.Of(r);
    }

    // x.or(y) and x.orValue(y) evaluate y only when x is none, like cel-go.
    private CompiledNode CompileOr(Expr e, bool orValue)
    {
        var target = Compile(e.Target!);
        var alternative = Compile(e.Args[0]);
        var t = target.Eval;
        var a = alternative.Eval;
        return Fold(
            (in Frame f) =>
            {
                var x = t(in f);
                if (x.IsError)
                {
                    return x;
                }

                if (!CelOptional.TryGet(x, out var o))
                {
                    return Errors.NoSuchOverload;
                }

                if (o.HasValue)
                {
                    return orValue ? o.Value : x;
                }

                var y = a(in f);
                return orValue || y.IsError || CelOptional.TryGet(y, out _) ? y : Errors.NoSuchOverload;
            },
            Sum(Sum(target.Cost, alternative.Cost), 1),
            target,
            alternative);
    }

    // opt.optMap(v, expr) is optional.of(expr) with v bound to opt's value; opt.optFlatMap(v, expr) is expr, which
    // must be an optional. Both are none when opt is.
    private CompiledNode CompileOptMap(Expr e)
    {
        var target = Compile(e.Target!);
        var body = Compile(e.Args[0]);
        var t = target.Eval;
        var b = body.Eval;
        int local = e.LocalIndex;
        bool flat = e.Macro == MacroKind.OptFlatMap;
        return new CompiledNode(
            (in Frame f) =>
            {
                var x = t(in f);
                if (x.IsError)
                {
                    return x;
                }

                if (!CelOptional.TryGet(x, out var o))
                {
                    return Errors.NoSuchOverload;
                }

                if (!o.HasValue)
                {
                    return x;
                }

                f.Locals[local] = o.Value;
                var r = b(in f);
                if (!flat)
                {
                    return CelOptional.Of(r);
                }

                return r.IsError || CelOptional.TryGet(r, out _) ? r : Errors.NoSuchOverload;
            },
            Sum(target.Cost, body.Cost));
    }

    // [a, ?b]: an optional entry is included only when it has a value.
    private static CelValue OptionalList(in Frame f, Evaluator[] evals, bool[] optional)
    {
        if (!EvaluationBudget.TryAllocate(evals.Length, out var full))
        {
            return full;
        }

        var values = new List<CelValue>(evals.Length);
        for (int i = 0; i < evals.Length; i++)
        {
            var v = evals[i](in f);
            if (v.IsError)
            {
                return v;
            }

            if (optional[i])
            {
                if (!CelOptional.TryGet(v, out var o))
                {
                    return CelValue.Error("optional list entry [?x] requires an optional value (no such overload)");
                }

                if (!o.HasValue)
                {
                    continue;
                }

                v = o.Value;
            }

            values.Add(v);
        }

        return CelValue.List(new CelList([.. values]));
    }

    /// <summary>The value of map entry <c>{?k: v}</c>: false when v is none (the entry is left out).</summary>
    private static bool TryOptionalEntry(ref CelValue v)
    {
        if (v.IsError)
        {
            return true;
        }

        if (!CelOptional.TryGet(v, out var o))
        {
            v = CelValue.Error("optional map entry {?k: v} requires an optional value (no such overload)");
            return true;
        }

        if (!o.HasValue)
        {
            return false;
        }

        v = o.Value;
        return true;
    }
}
