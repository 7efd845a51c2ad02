using static Vigil.Cel.Runtime.TimeFunctions;

namespace Vigil.Cel.Runtime;

/// <summary>
/// The function table: signatures for the checker and one implementation per (name, call style, arity).
/// Standard definitions from langdef "List of Standard Definitions", plus the strings and network extensions.
/// </summary>
internal sealed class Library
{
    private static readonly CelType I = CelType.Int, U = CelType.Uint, D = CelType.Double, S = CelType.String, B = CelType.Bool,
        Y = CelType.Bytes, T = CelType.Timestamp, Du = CelType.Duration, Dyn = CelType.Dyn,
        A = CelType.Param("A"), K = CelType.Param("K"), V = CelType.Param("V"), Ip = CelType.IpAddress, Cidr = CelType.Cidr;

    private static readonly CelType LA = CelType.List(A), MKV = CelType.Map(K, V), LS = CelType.List(S);

    private readonly Dictionary<string, List<Signature>> _signatures = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, bool, int), Overload> _impls = new();

    public static Library Standard { get; } = Build();

    public IReadOnlyList<Signature>? SignaturesFor(string name) => _signatures.GetValueOrDefault(name);

    public bool HasFunction(string name) => _signatures.ContainsKey(name);

    public Overload? Find(string name, bool member, int arity) =>
        _impls.GetValueOrDefault((name, member, arity)) ?? _impls.GetValueOrDefault((name, member, -1));

    private void Sig(string name, bool member, CelType result, params CelType[] ps)
    {
        if (!_signatures.TryGetValue(name, out var list))
        {
            _signatures[name] = list = [];
        }

        list.Add(new Signature(name, member, ps, result));
    }

    private void Fn(string name, bool member, Fn1 f, int cost = 1) => _impls[(name, member, 1)] = new Overload { Function = name, IsMember = member, Arity = 1, F1 = f, Cost = cost };

    private void Fn(string name, bool member, Fn2 f, int cost = 1) => _impls[(name, member, 2)] = new Overload { Function = name, IsMember = member, Arity = 2, F2 = f, Cost = cost };

    private void Fn(string name, bool member, Fn3 f, int cost = 1) => _impls[(name, member, 3)] = new Overload { Function = name, IsMember = member, Arity = 3, F3 = f, Cost = cost };

    private void Fn(string name, bool member, Fn4 f, int cost = 1) => _impls[(name, member, 4)] = new Overload { Function = name, IsMember = member, Arity = 4, F4 = f, Cost = cost };

    private void FnVariadic(string name, FnN f) => _impls[(name, false, -1)] = new Overload { Function = name, IsMember = false, Arity = -1, FN = f, Cost = 2 };

    private static Library Build()
    {
        var l = new Library();

        // Logical and conditional operators are compiled specially; signatures are for the checker.
        l.Sig("!_", false, B, B);
        l.Fn("!_", false, Arithmetic.Not);
        l.Sig("_&&_", false, B, B, B);
        l.Sig("_||_", false, B, B, B);
        l.Sig("_?_:_", false, A, B, A, A);
        l.Sig("_==_", false, B, A, A);
        l.Sig("_!=_", false, B, A, A);

        // Arithmetic.
        l.Sig("-_", false, I, I);
        l.Sig("-_", false, D, D);
        l.Fn("-_", false, Arithmetic.Negate);
        foreach (var t in new[] { I, U, D })
        {
            l.Sig("_+_", false, t, t, t);
            l.Sig("_-_", false, t, t, t);
            l.Sig("_*_", false, t, t, t);
            l.Sig("_/_", false, t, t, t);
        }

        l.Sig("_%_", false, I, I, I);
        l.Sig("_%_", false, U, U, U);
        l.Sig("_+_", false, S, S, S);
        l.Sig("_+_", false, Y, Y, Y);
        l.Sig("_+_", false, LA, LA, LA);
        l.Sig("_+_", false, T, T, Du);
        l.Sig("_+_", false, T, Du, T);
        l.Sig("_+_", false, Du, Du, Du);
        l.Sig("_-_", false, Du, T, T);
        l.Sig("_-_", false, T, T, Du);
        l.Sig("_-_", false, Du, Du, Du);
        l.Fn("_+_", false, Arithmetic.Add);
        l.Fn("_-_", false, Arithmetic.Subtract);
        l.Fn("_*_", false, Arithmetic.Multiply);
        l.Fn("_/_", false, Arithmetic.Divide);
        l.Fn("_%_", false, Arithmetic.Modulo, 1);

        // Ordering, including the cross-type numeric overloads of current langdef.
        foreach (var op in new[] { "_<_", "_<=_", "_>_", "_>=_" })
        {
            foreach (var t in new[] { B, S, Y, T, Du })
            {
                l.Sig(op, false, B, t, t);
            }

            foreach (var x in new[] { I, U, D })
            {
                foreach (var y in new[] { I, U, D })
                {
                    l.Sig(op, false, B, x, y);
                }
            }
        }

        // Indexing and membership.
        l.Sig("_[_]", false, A, LA, I);
        l.Sig("_[_]", false, V, MKV, K);
        l.Sig("@in", false, B, A, LA);
        l.Sig("@in", false, B, K, MKV);

        // size.
        foreach (var t in new[] { S, Y, LA, MKV })
        {
            l.Sig("size", false, I, t);
            l.Sig("size", true, I, t);
        }

        l.Fn("size", false, StringFunctions.Size);
        l.Fn("size", true, StringFunctions.Size);

        // Conversions.
        foreach (var t in new[] { I, U, D, S, T })
        {
            l.Sig("int", false, I, t);
        }

        foreach (var t in new[] { I, U, D, S })
        {
            l.Sig("uint", false, U, t);
            l.Sig("double", false, D, t);
        }

        foreach (var t in new[] { I, U, D, S, B, Y, T, Du, Ip, Cidr })
        {
            l.Sig("string", false, S, t);
        }

        l.Sig("bytes", false, Y, Y);
        l.Sig("bytes", false, Y, S);
        l.Sig("bool", false, B, B);
        l.Sig("bool", false, B, S);
        l.Sig("timestamp", false, T, T);
        l.Sig("timestamp", false, T, S);
        l.Sig("timestamp", false, T, I);
        l.Sig("duration", false, Du, Du);
        l.Sig("duration", false, Du, S);
        l.Sig("type", false, CelType.TypeOf(A), A);
        l.Sig("dyn", false, Dyn, A);
        l.Fn("int", false, Conversions.ToInt);
        l.Fn("uint", false, Conversions.ToUint);
        l.Fn("double", false, Conversions.ToDouble);
        l.Fn("string", false, Conversions.ToStringValue);
        l.Fn("bytes", false, Conversions.ToBytes);
        l.Fn("bool", false, Conversions.ToBool);
        l.Fn("timestamp", false, ToTimestamp, 5);
        l.Fn("duration", false, ToDuration, 5);
        l.Fn("type", false, Conversions.TypeOf);
        l.Fn("dyn", false, Conversions.Dyn);

        // Strings.
        foreach (var name in new[] { "contains", "startsWith", "endsWith" })
        {
            l.Sig(name, true, B, S, S);
        }

        l.Fn("contains", true, StringFunctions.Contains, 2);
        l.Fn("startsWith", true, StringFunctions.StartsWith, 2);
        l.Fn("endsWith", true, StringFunctions.EndsWith, 2);
        l.Sig("matches", true, B, S, S);
        l.Sig("matches", false, B, S, S);

        // Timestamp and duration accessors.
        var parts = new (string Name, Part Part, bool OnDuration)[]
        {
            ("getFullYear", Part.FullYear, false), ("getMonth", Part.Month, false), ("getDayOfYear", Part.DayOfYear, false),
            ("getDayOfMonth", Part.DayOfMonth, false), ("getDate", Part.Date, false), ("getDayOfWeek", Part.DayOfWeek, false),
            ("getHours", Part.Hours, true), ("getMinutes", Part.Minutes, true), ("getSeconds", Part.Seconds, true),
            ("getMilliseconds", Part.Milliseconds, true),
        };
        foreach (var (name, part, onDuration) in parts)
        {
            l.Sig(name, true, I, T);
            l.Sig(name, true, I, T, S);
            if (onDuration)
            {
                l.Sig(name, true, I, Du);
            }

            l.Fn(name, true, (CelValue v) => Accessor(part, v, CelValue.Null), 2);
            l.Fn(name, true, (CelValue v, CelValue z) => Accessor(part, v, z), 5);
        }

        // Strings extension.
        l.Sig("charAt", true, S, S, I);
        l.Fn("charAt", true, StringFunctions.CharAt, 2);
        l.Sig("indexOf", true, I, S, S);
        l.Sig("indexOf", true, I, S, S, I);
        l.Fn("indexOf", true, (Fn2)StringFunctions.IndexOf, 2);
        l.Fn("indexOf", true, (Fn3)StringFunctions.IndexOf, 2);
        l.Sig("lastIndexOf", true, I, S, S);
        l.Sig("lastIndexOf", true, I, S, S, I);
        l.Fn("lastIndexOf", true, (Fn2)StringFunctions.LastIndexOf, 2);
        l.Fn("lastIndexOf", true, (Fn3)StringFunctions.LastIndexOf, 2);
        l.Sig("lowerAscii", true, S, S);
        l.Fn("lowerAscii", true, StringFunctions.LowerAscii, 2);
        l.Sig("upperAscii", true, S, S);
        l.Fn("upperAscii", true, StringFunctions.UpperAscii, 2);
        l.Sig("replace", true, S, S, S, S);
        l.Sig("replace", true, S, S, S, S, I);
        l.Fn("replace", true, (Fn3)StringFunctions.Replace, 3);
        l.Fn("replace", true, (Fn4)StringFunctions.Replace, 3);
        l.Sig("split", true, LS, S, S);
        l.Sig("split", true, LS, S, S, I);
        l.Fn("split", true, (Fn2)StringFunctions.Split, 3);
        l.Fn("split", true, (Fn3)StringFunctions.Split, 3);
        l.Sig("substring", true, S, S, I);
        l.Sig("substring", true, S, S, I, I);
        l.Fn("substring", true, (Fn2)StringFunctions.Substring, 2);
        l.Fn("substring", true, (Fn3)StringFunctions.Substring, 2);
        l.Sig("trim", true, S, S);
        l.Fn("trim", true, StringFunctions.Trim, 2);
        l.Sig("join", true, S, LS);
        l.Sig("join", true, S, LS, S);
        l.Fn("join", true, (Fn1)StringFunctions.Join, 3);
        l.Fn("join", true, (Fn2)StringFunctions.Join, 3);
        l.Sig("reverse", true, S, S);
        l.Fn("reverse", true, StringFunctions.Reverse, 2);
        l.Sig("format", true, S, S, CelType.ListOfDyn);
        l.Fn("format", true, StringFormat.Format, 5);
        l.Sig("strings.quote", false, S, S);
        l.Fn("strings.quote", false, StringFunctions.QuoteValue, 2);

        // Network extension.
        l.Sig("ip", false, Ip, S);
        l.Fn("ip", false, NetworkFunctions.Ip, 3);
        l.Sig("cidr", false, Cidr, S);
        l.Fn("cidr", false, NetworkFunctions.Cidr, 3);
        l.Sig("isIP", false, B, S);
        l.Fn("isIP", false, NetworkFunctions.IsIp, 3);
        l.Sig("isCIDR", false, B, S);
        l.Fn("isCIDR", false, NetworkFunctions.IsCidr, 3);
        l.Sig("ip.isCanonical", false, B, S);
        l.Fn("ip.isCanonical", false, NetworkFunctions.IsCanonical, 3);
        l.Sig("family", true, I, Ip);
        l.Fn("family", true, v => NetworkFunctions.IpMethod(v, ip => CelValue.Int(ip.Family)));
        var ipPredicates = new (string Name, Func<IpValue, bool> F)[]
        {
            ("isUnspecified", ip => ip.IsUnspecified), ("isLoopback", ip => ip.IsLoopback),
            ("isGlobalUnicast", ip => ip.IsGlobalUnicast), ("isLinkLocalMulticast", ip => ip.IsLinkLocalMulticast),
            ("isLinkLocalUnicast", ip => ip.IsLinkLocalUnicast),
        };
        foreach (var (name, f) in ipPredicates)
        {
            l.Sig(name, true, B, Ip);
            l.Fn(name, true, v => NetworkFunctions.IpMethod(v, ip => CelValue.Bool(f(ip))), 2);
        }

        l.Sig("containsIP", true, B, Cidr, Ip);
        l.Sig("containsIP", true, B, Cidr, S);
        l.Fn("containsIP", true, NetworkFunctions.ContainsIp, 3);
        l.Sig("containsCIDR", true, B, Cidr, Cidr);
        l.Sig("containsCIDR", true, B, Cidr, S);
        l.Fn("containsCIDR", true, NetworkFunctions.ContainsCidr, 3);
        l.Sig("ip", true, Ip, Cidr);
        l.Fn("ip", true, v => NetworkFunctions.CidrMethod(v, c => CelValue.Opaque(c.Ip)));
        l.Sig("masked", true, Cidr, Cidr);
        l.Fn("masked", true, v => NetworkFunctions.CidrMethod(v, c => CelValue.Opaque(c.Masked())));
        l.Sig("prefixLength", true, I, Cidr);
        l.Fn("prefixLength", true, v => NetworkFunctions.CidrMethod(v, c => CelValue.Int(c.Prefix)));

        // Optional types (cel-go ext/optional). Optionals check as dyn; or/orValue are compiled to evaluate their
        // argument only when needed, like cel-go.
        l.Sig("optional.of", false, Dyn, A);
        l.Fn("optional.of", false, OptionalFunctions.Of);
        l.Sig("optional.ofNonZeroValue", false, Dyn, A);
        l.Fn("optional.ofNonZeroValue", false, OptionalFunctions.OfNonZeroValue);
        l.Sig("optional.none", false, Dyn);
        l.FnVariadic("optional.none", _ => OptionalFunctions.None());
        l.Sig("hasValue", true, B, Dyn);
        l.Fn("hasValue", true, OptionalFunctions.HasValue);
        l.Sig("value", true, Dyn, Dyn);
        l.Fn("value", true, OptionalFunctions.Value);
        l.Sig("or", true, Dyn, Dyn, Dyn);
        l.Sig("orValue", true, Dyn, Dyn, Dyn);
        l.Sig("_[?_]", false, Dyn, Dyn, Dyn);

        // Encoders extension.
        l.Sig("base64.encode", false, S, Y);
        l.Fn("base64.encode", false, EncoderFunctions.Encode, 2);
        l.Sig("base64.decode", false, Y, S);
        l.Fn("base64.decode", false, EncoderFunctions.Decode, 2);

        // Math extension.
        foreach (var (name, greatest) in new[] { ("math.greatest", true), ("math.least", false) })
        {
            if (!l._signatures.TryGetValue(name, out var list))
            {
                l._signatures[name] = list = [];
            }

            list.Add(new Signature(name, false, [Dyn], Dyn) { IsVariadic = true });
            l.FnVariadic(name, args => MathFunctions.Extreme(args, greatest));
        }

        foreach (var (name, f) in new (string, Fn1)[]
        {
            ("math.ceil", MathFunctions.Ceil), ("math.floor", MathFunctions.Floor), ("math.round", MathFunctions.Round),
            ("math.trunc", MathFunctions.Trunc),
        })
        {
            l.Sig(name, false, D, D);
            l.Fn(name, false, f);
        }

        foreach (var (name, f) in new (string, Fn1)[] { ("math.isNaN", MathFunctions.IsNaN), ("math.isInf", MathFunctions.IsInf), ("math.isFinite", MathFunctions.IsFinite) })
        {
            l.Sig(name, false, B, D);
            l.Fn(name, false, f);
        }

        foreach (var (name, f) in new (string, Fn1)[] { ("math.abs", MathFunctions.Abs), ("math.sign", MathFunctions.Sign) })
        {
            foreach (var t in new[] { I, U, D })
            {
                l.Sig(name, false, t, t);
            }

            l.Fn(name, false, f);
        }

        foreach (var (name, f) in new (string, Fn2)[] { ("math.bitAnd", MathFunctions.BitAnd), ("math.bitOr", MathFunctions.BitOr), ("math.bitXor", MathFunctions.BitXor) })
        {
            l.Sig(name, false, I, I, I);
            l.Sig(name, false, U, U, U);
            l.Fn(name, false, f);
        }

        l.Sig("math.bitNot", false, I, I);
        l.Sig("math.bitNot", false, U, U);
        l.Fn("math.bitNot", false, MathFunctions.BitNot);
        foreach (var (name, f) in new (string, Fn2)[] { ("math.bitShiftLeft", MathFunctions.ShiftLeft), ("math.bitShiftRight", MathFunctions.ShiftRight) })
        {
            l.Sig(name, false, I, I, I);
            l.Sig(name, false, U, U, I);
            l.Fn(name, false, f);
        }

        return l;
    }
}
