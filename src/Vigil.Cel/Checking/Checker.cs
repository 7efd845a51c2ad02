using Vigil.Cel.Parsing;
using Vigil.Cel.Runtime;

namespace Vigil.Cel.Checking;

/// <summary>
/// Type checker (langdef "Type Checking"): resolves names against declarations and the container, picks
/// overloads, and reports every error with its position. In lenient mode (conformance "disableCheck")
/// type errors are not reported, and unresolvable names become run-time errors.
/// </summary>
internal sealed class Checker
{
    private static readonly Dictionary<string, CelType> TypeDenotations = new(StringComparer.Ordinal)
    {
        ["int"] = CelType.Int,
        ["uint"] = CelType.Uint,
        ["double"] = CelType.Double,
        ["bool"] = CelType.Bool,
        ["string"] = CelType.String,
        ["bytes"] = CelType.Bytes,
        ["list"] = CelType.ListOfDyn,
        ["map"] = CelType.MapOfDyn,
        ["null_type"] = CelType.Null,
        ["type"] = CelType.TypeOfDyn,
        ["google.protobuf.Timestamp"] = CelType.Timestamp,
        ["google.protobuf.Duration"] = CelType.Duration,
        ["net.IP"] = CelType.IpAddress,
        ["net.CIDR"] = CelType.Cidr,
        ["optional_type"] = CelType.OptionalType,
    };

    private readonly IReadOnlyDictionary<string, Declaration> _declarations;
    private readonly string _container;
    private readonly Library _library;
    private readonly bool _strict;
    private readonly List<(string Name, CelType Type, int Index)> _scope = [];

    public Checker(IReadOnlyDictionary<string, Declaration> declarations, string container, Library library, bool strict)
    {
        _declarations = declarations;
        _container = container;
        _library = library;
        _strict = strict;
    }

    public List<Diagnostic> Diagnostics { get; } = [];

    public int LocalCount { get; private set; }

    private void Report(int offset, string message)
    {
        if (_strict)
        {
            Diagnostics.Add(new Diagnostic(offset, message));
        }
    }

    public CelType Check(Expr e)
    {
        var t = CheckCore(e);
        e.Type = t;
        return t;
    }

    private CelType CheckCore(Expr e)
    {
        switch (e.Kind)
        {
            case ExprKind.Literal: return LiteralType(e.Value);
            case ExprKind.Ident: return CheckIdent(e);
            case ExprKind.Select: return CheckSelect(e);
            case ExprKind.Call: return CheckCall(e);
            case ExprKind.List:
                {
                    CelType? elem = null;
                    for (int i = 0; i < e.Args.Length; i++)
                    {
                        // An optional entry ([?x]) holds an optional; the element type is its value's, unknown here.
                        var t = Check(e.Args[i]);
                        t = e.OptionalEntries?[i] == true ? CelType.Dyn : t;
                        elem = elem is null ? t : TypeRelations.Join(elem, t);
                    }

                    return CelType.List(elem ?? CelType.Dyn);
                }

            case ExprKind.Map:
                {
                    CelType? key = null, value = null;
                    for (int i = 0; i < e.Args.Length; i += 2)
                    {
                        var kt = Check(e.Args[i]);
                        var vt = Check(e.Args[i + 1]);
                        vt = e.OptionalEntries?[i / 2] == true ? CelType.Dyn : vt;
                        if (kt.Kind is not (CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Bool or CelTypeKind.String or CelTypeKind.Dyn or CelTypeKind.Error))
                        {
                            Report(e.Args[i].Offset, $"unsupported map key type '{kt}': keys must be int, uint, bool or string");
                        }

                        key = key is null ? kt : TypeRelations.Join(key, kt);
                        value = value is null ? vt : TypeRelations.Join(value, vt);
                    }

                    return CelType.Map(key ?? CelType.Dyn, value ?? CelType.Dyn);
                }

            case ExprKind.Struct:
                foreach (var a in e.Args)
                {
                    Check(a);
                }

                Report(e.Offset, $"unknown message type '{e.Name}': Vigil.Cel exposes no protobuf message types");
                return CelType.Dyn;
            case ExprKind.Comprehension: return CheckComprehension(e);
            default: return CelType.Dyn;
        }
    }

    private static CelType LiteralType(CelValue v) => v.Kind switch
    {
        CelKind.Null => CelType.Null,
        CelKind.Bool => CelType.Bool,
        CelKind.Int => CelType.Int,
        CelKind.Uint => CelType.Uint,
        CelKind.Double => CelType.Double,
        CelKind.String => CelType.String,
        CelKind.Bytes => CelType.Bytes,
        _ => CelType.Dyn,
    };

    private (string Name, CelType Type, int Index)? FindLocal(string name)
    {
        for (int i = _scope.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_scope[i].Name, name, StringComparison.Ordinal))
            {
                return _scope[i];
            }
        }

        return null;
    }

    /// <summary>Candidate qualified names for <paramref name="name"/> in the container (langdef "Name Resolution").</summary>
    private IEnumerable<string> Candidates(string name)
    {
        if (name.StartsWith('.'))
        {
            yield return name[1..];
            yield break;
        }

        string c = _container;
        while (c.Length > 0)
        {
            yield return c + "." + name;
            int dot = c.LastIndexOf('.');
            c = dot < 0 ? "" : c[..dot];
        }

        yield return name;
    }

    private bool TryResolve(string name, Expr e)
    {
        foreach (var candidate in Candidates(name))
        {
            if (_declarations.TryGetValue(candidate, out var decl))
            {
                e.ResolvedName = candidate;
                e.Slot = decl.Slot;
                e.Type = decl.Type;
                return true;
            }

            if (TypeDenotations.TryGetValue(candidate, out var type))
            {
                e.ResolvedName = candidate;
                e.TypeDenotation = type;
                return true;
            }
        }

        return false;
    }

    private CelType CheckIdent(Expr e)
    {
        if (!e.Name.StartsWith('.') && FindLocal(e.Name) is { } local)
        {
            e.IsLocal = true;
            e.Slot = local.Index;
            return local.Type;
        }

        if (TryResolve(e.Name, e))
        {
            return e.TypeDenotation is { } td ? CelType.TypeOf(td) : e.Type;
        }

        Report(e.Offset, $"undeclared reference to '{e.Name.TrimStart('.')}'" + (_container.Length > 0 ? $" (in container '{_container}')" : ""));
        return CelType.ErrorType;
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

    private static Expr Root(Expr e)
    {
        while (e.Kind == ExprKind.Select && e.Target is not null)
        {
            e = e.Target;
        }

        return e;
    }

    private bool RootIsLocal(Expr e)
    {
        var root = Root(e);
        return root.Kind == ExprKind.Ident && !root.Name.StartsWith('.') && FindLocal(root.Name) is not null;
    }

    private CelType CheckSelect(Expr e)
    {
        if (!e.TestOnly && QualifiedName(e) is { } q && !RootIsLocal(e) && TryResolve(q, e))
        {
            return e.TypeDenotation is { } td ? CelType.TypeOf(td) : e.Type;
        }

        var target = Check(e.Target!);
        if (e.OptionalSelect)
        {
            // x.?f is optional (checked as dyn); a presence test of it is a bool.
            return e.TestOnly ? CelType.Bool : CelType.Dyn;
        }

        CelType result;
        switch (target.Kind)
        {
            case CelTypeKind.Dyn:
            case CelTypeKind.Error:
                result = CelType.Dyn;
                break;
            case CelTypeKind.Map:
                result = target.Second!;
                break;
            case CelTypeKind.Object:
                if (!target.Fields!.TryGetValue(e.Name, out var ft))
                {
                    Report(e.Offset, $"undefined field '{e.Name}' on type '{target.Name}'");
                    ft = CelType.ErrorType;
                }

                result = ft;
                break;
            default:
                Report(e.Offset, $"type '{target}' does not support field selection");
                result = CelType.ErrorType;
                break;
        }

        return e.TestOnly ? CelType.Bool : result;
    }

    private CelType CheckCall(Expr e)
    {
        // A receiver that is a qualified name may be a namespace: strings.quote(x), ip.isCanonical(x).
        if (e.Target is not null && QualifiedName(e.Target) is { } ns && !RootIsLocal(e.Target)
            && _library.HasFunction(ns + "." + e.Name) && !IsDeclaredName(ns))
        {
            e.Name = ns + "." + e.Name;
            e.Target = null;
        }

        if (e.Name == "_?_:_")
        {
            var cond = Check(e.Args[0]);
            var a = Check(e.Args[1]);
            var b = Check(e.Args[2]);
            if (!TypeRelations.Compatible(cond, CelType.Bool))
            {
                Report(e.Args[0].Offset, $"conditional requires a bool condition, found '{cond}'");
            }

            return TypeRelations.Join(a, b);
        }

        var argTypes = new List<CelType>(e.Args.Length + 1);
        if (e.Target is not null)
        {
            argTypes.Add(Check(e.Target));
        }

        foreach (var a in e.Args)
        {
            argTypes.Add(Check(a));
        }

        var sigs = _library.SignaturesFor(e.Name);
        if (sigs is null)
        {
            Report(e.Offset, $"undeclared reference to function '{e.Name}'");
            return CelType.ErrorType;
        }

        bool member = e.Target is not null;
        CelType? result = null;
        bool any = false;
        foreach (var sig in sigs)
        {
            if (sig.IsVariadic && !member && argTypes.Count > 0)
            {
                // math.greatest(1, 2u, 3.0) or math.greatest([..]): numbers, or one list of them.
                bool numeric = argTypes.All(t => t.Kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Dyn or CelTypeKind.Error)
                    || (argTypes.Count == 1 && argTypes[0].Kind == CelTypeKind.List);
                if (numeric)
                {
                    var variadicResult = argTypes.Count == 1 && argTypes[0].Kind != CelTypeKind.List ? argTypes[0] : CelType.Dyn;
                    result = any ? TypeRelations.Join(result!, variadicResult) : variadicResult;
                    any = true;
                }

                continue;
            }

            if (sig.IsMember != member || sig.Params.Length != argTypes.Count)
            {
                continue;
            }

            var subst = new Dictionary<string, CelType>(StringComparer.Ordinal);
            bool ok = true;
            for (int i = 0; i < argTypes.Count && ok; i++)
            {
                ok = TypeRelations.Assignable(sig.Params[i], argTypes[i], subst);
            }

            if (!ok)
            {
                continue;
            }

            var r = TypeRelations.Substitute(sig.Result, subst);
            result = any ? TypeRelations.Join(result!, r) : r;
            any = true;
        }

        if (!any)
        {
            Report(e.Offset, $"found no matching overload for '{DisplayName(e.Name)}' applied to '({string.Join(", ", argTypes)})'");
            return CelType.ErrorType;
        }

        return result!;
    }

    private bool IsDeclaredName(string name) => Candidates(name).Any(_declarations.ContainsKey);

    private static string DisplayName(string function) => function switch
    {
        "_+_" => "+",
        "_-_" => "-",
        "_*_" => "*",
        "_/_" => "/",
        "_%_" => "%",
        "_==_" => "==",
        "_!=_" => "!=",
        "_<_" => "<",
        "_<=_" => "<=",
        "_>_" => ">",
        "_>=_" => ">=",
        "_&&_" => "&&",
        "_||_" => "||",
        "!_" => "!",
        "-_" => "unary -",
        "_[_]" => "[]",
        "@in" => "in",
        _ => function,
    };

    private CelType CheckComprehension(Expr e)
    {
        if (e.Macro is MacroKind.OptMap or MacroKind.OptFlatMap)
        {
            Check(e.Target!);
            e.LocalIndex = LocalCount++;
            _scope.Add((e.IterVar!, CelType.Dyn, e.LocalIndex));
            Check(e.Args[0]);
            _scope.RemoveAt(_scope.Count - 1);
            return CelType.Dyn;
        }

        if (e.Macro == MacroKind.Block)
        {
            // Binding i sees bindings 0..i-1 as cel.index(0..i-1); the body sees all of them.
            int bindings = e.Args.Length - 1;
            e.LocalIndex = LocalCount;
            LocalCount += bindings;
            for (int i = 0; i < bindings; i++)
            {
                var t = Check(e.Args[i]);
                _scope.Add(("@index" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), t, e.LocalIndex + i));
            }

            var blockType = Check(e.Args[^1]);
            _scope.RemoveRange(_scope.Count - bindings, bindings);
            return blockType;
        }

        if (e.Macro == MacroKind.Bind)
        {
            var initType = Check(e.Args[0]);
            e.LocalIndex = LocalCount++;
            _scope.Add((e.IterVar!, initType, e.LocalIndex));
            var bodyType = Check(e.Args[1]);
            _scope.RemoveAt(_scope.Count - 1);
            return bodyType;
        }

        var range = Check(e.Target!);
        CelType first, second;
        bool two = e.IterVar2 is not null;
        switch (range.Kind)
        {
            case CelTypeKind.List:
                first = two ? CelType.Int : range.First!;
                second = range.First!;
                break;
            case CelTypeKind.Map:
                first = range.First!;
                second = range.Second!;
                break;
            case CelTypeKind.Object:
                first = CelType.String;
                second = CelType.Dyn;
                break;
            case CelTypeKind.Dyn:
            case CelTypeKind.Error:
                first = CelType.Dyn;
                second = CelType.Dyn;
                break;
            default:
                Report(e.Target!.Offset, $"expression of type '{range}' cannot be the range of {e.Name}()");
                first = CelType.Dyn;
                second = CelType.Dyn;
                break;
        }

        int mark = _scope.Count;
        e.LocalIndex = LocalCount++;
        _scope.Add((e.IterVar!, first, e.LocalIndex));
        if (two)
        {
            e.LocalIndex2 = LocalCount++;
            _scope.Add((e.IterVar2!, second, e.LocalIndex2));
        }

        var bodyTypes = e.Args.Select(Check).ToArray();
        _scope.RemoveRange(mark, _scope.Count - mark);

        bool hasFilter = e.Macro is MacroKind.Map or MacroKind.TransformList or MacroKind.TransformMap && e.Args.Length == 2;
        if (e.Macro is MacroKind.All or MacroKind.Exists or MacroKind.ExistsOne or MacroKind.Filter || hasFilter)
        {
            if (!TypeRelations.Compatible(bodyTypes[0], CelType.Bool))
            {
                Report(e.Args[0].Offset, $"{e.Name}() predicate must be bool, found '{bodyTypes[0]}'");
            }
        }

        return e.Macro switch
        {
            MacroKind.All or MacroKind.Exists or MacroKind.ExistsOne => CelType.Bool,
            MacroKind.Filter => CelType.List(range.Kind == CelTypeKind.List ? range.First! : first),
            MacroKind.Map or MacroKind.TransformList => CelType.List(bodyTypes[^1]),
            MacroKind.TransformMap => CelType.Map(range.Kind == CelTypeKind.List ? CelType.Int : first, bodyTypes[^1]),
            _ => CelType.Dyn,
        };
    }
}
