namespace Vigil.Cel.Checking;

/// <summary>Assignability and unification of types for overload resolution (dyn unifies with everything).</summary>
internal static class TypeRelations
{
    public static bool IsWild(CelType t) => t.Kind is CelTypeKind.Dyn or CelTypeKind.Error or CelTypeKind.TypeParam;

    /// <summary>Whether two concrete types may describe the same values (dyn inside is a wildcard).</summary>
    public static bool Compatible(CelType a, CelType b)
    {
        if (IsWild(a) || IsWild(b))
        {
            return true;
        }

        if (a.Kind == CelTypeKind.Object && b.Kind == CelTypeKind.Object)
        {
            return string.Equals(a.Name, b.Name, StringComparison.Ordinal);
        }

        if ((a.Kind == CelTypeKind.Object && b.Kind == CelTypeKind.Map) || (a.Kind == CelTypeKind.Map && b.Kind == CelTypeKind.Object))
        {
            return true;
        }

        if ((a.Kind == CelTypeKind.Null && b.Kind == CelTypeKind.Object) || (a.Kind == CelTypeKind.Object && b.Kind == CelTypeKind.Null))
        {
            return true;
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            CelTypeKind.List => Compatible(a.First!, b.First!),
            CelTypeKind.Map => Compatible(a.First!, b.First!) && Compatible(a.Second!, b.Second!),
            CelTypeKind.Opaque => string.Equals(a.Name, b.Name, StringComparison.Ordinal),
            _ => true,
        };
    }

    public static bool SameType(CelType a, CelType b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            CelTypeKind.List => SameType(a.First!, b.First!),
            CelTypeKind.Map => SameType(a.First!, b.First!) && SameType(a.Second!, b.Second!),
            CelTypeKind.Type => a.First is null || b.First is null || SameType(a.First, b.First),
            CelTypeKind.Object or CelTypeKind.Opaque or CelTypeKind.TypeParam => string.Equals(a.Name, b.Name, StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>Whether an argument of type <paramref name="arg"/> fits parameter <paramref name="param"/>, binding type parameters.</summary>
    public static bool Assignable(CelType param, CelType arg, Dictionary<string, CelType> subst)
    {
        if (arg.Kind is CelTypeKind.Error)
        {
            return true;
        }

        switch (param.Kind)
        {
            case CelTypeKind.Dyn:
                return true;
            case CelTypeKind.TypeParam:
                if (subst.TryGetValue(param.Name, out var bound))
                {
                    if (!Compatible(bound, arg))
                    {
                        return false;
                    }

                    if (bound.Kind == CelTypeKind.Dyn && arg.Kind != CelTypeKind.Dyn)
                    {
                        subst[param.Name] = arg;
                    }

                    return true;
                }

                subst[param.Name] = arg;
                return true;
        }

        if (arg.Kind == CelTypeKind.Dyn)
        {
            // Bind type parameters inside the parameter to dyn.
            BindDyn(param, subst);
            return true;
        }

        switch (param.Kind)
        {
            case CelTypeKind.List:
                return arg.Kind == CelTypeKind.List && Assignable(param.First!, arg.First!, subst);
            case CelTypeKind.Map:
                if (arg.Kind == CelTypeKind.Object)
                {
                    return Assignable(param.First!, CelType.String, subst) && Assignable(param.Second!, CelType.Dyn, subst);
                }

                return arg.Kind == CelTypeKind.Map && Assignable(param.First!, arg.First!, subst) && Assignable(param.Second!, arg.Second!, subst);
            case CelTypeKind.Type:
                return arg.Kind == CelTypeKind.Type;
            case CelTypeKind.Opaque:
            case CelTypeKind.Object:
                return arg.Kind == param.Kind && string.Equals(param.Name, arg.Name, StringComparison.Ordinal);
            default:
                return param.Kind == arg.Kind;
        }
    }

    private static void BindDyn(CelType param, Dictionary<string, CelType> subst)
    {
        switch (param.Kind)
        {
            case CelTypeKind.TypeParam:
                subst.TryAdd(param.Name, CelType.Dyn);
                break;
            case CelTypeKind.List:
                BindDyn(param.First!, subst);
                break;
            case CelTypeKind.Map:
                BindDyn(param.First!, subst);
                BindDyn(param.Second!, subst);
                break;
        }
    }

    public static CelType Substitute(CelType t, Dictionary<string, CelType> subst) => t.Kind switch
    {
        CelTypeKind.TypeParam => subst.TryGetValue(t.Name, out var b) ? b : CelType.Dyn,
        CelTypeKind.List => CelType.List(Substitute(t.First!, subst)),
        CelTypeKind.Map => CelType.Map(Substitute(t.First!, subst), Substitute(t.Second!, subst)),
        CelTypeKind.Type when t.First is not null => CelType.TypeOf(Substitute(t.First, subst)),
        _ => t,
    };

    /// <summary>The common type of list elements or map entries: the type itself when all agree, else dyn.</summary>
    public static CelType Join(CelType a, CelType b) => SameType(a, b) ? a : CelType.Dyn;
}
