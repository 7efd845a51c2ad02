using Vigil.Cel;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>Policy data of one subject or resource turned into CEL values once, so conditions read them without allocating.</summary>
internal sealed class CompiledAttributes
{
    public static readonly CelValue EmptyList = CelValue.List(CelList.Empty);
    public static readonly CelValue EmptyMap = CelValue.Map(CelMap.Empty);

    public string? Department { get; init; }
    public string? Manager { get; init; }
    public string? Type { get; init; }

    /// <summary>The resource's <c>sensitivity</c> property in policy data; null when data does not say.</summary>
    public Sensitivity? Sensitivity { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyDictionary<string, CelValue> PropertyValues { get; init; } = new Dictionary<string, CelValue>();
    public CelValue RolesValue { get; init; } = EmptyList;
    public CelValue GroupsValue { get; init; } = EmptyList;
    public CelValue PropertiesValue { get; init; } = EmptyMap;

    public static CompiledAttributes From(SubjectAttributes s) => new()
    {
        Department = s.Department,
        Manager = s.Manager,
        Roles = s.Roles,
        Groups = s.Groups,
        PropertyValues = s.Properties,
        RolesValue = ListOf(s.Roles),
        GroupsValue = ListOf(s.Groups),
        PropertiesValue = MapOf(s.Properties),
    };

    public static CompiledAttributes From(ResourceAttributes r) => new()
    {
        Type = r.Type,
        Sensitivity = r.Properties.TryGetValue("sensitivity", out var s) && s.Kind == CelKind.String && RawEcsEvent.ParseSensitivity(s.AsString) is var parsed
            && parsed != Telemetry.Sensitivity.Unspecified ? parsed : null,
        PropertyValues = r.Properties,
        PropertiesValue = MapOf(r.Properties),
    };

    public static CelValue ListOf(IReadOnlyList<string>? items) =>
        items is null || items.Count == 0 ? EmptyList : CelValue.List(new CelList([.. items.Select(CelValue.String)]));

    public static CelValue MapOf(IReadOnlyDictionary<string, CelValue>? properties) =>
        properties is null || properties.Count == 0 ? EmptyMap : CelValue.Map(CelMap.Create(properties));

    /// <summary>Data first, request values for keys data lacks.</summary>
    public static CelValue Merge(IReadOnlyDictionary<string, CelValue>? data, IReadOnlyDictionary<string, CelValue>? request)
    {
        if (request is null || request.Count == 0)
        {
            return MapOf(data);
        }

        if (data is null || data.Count == 0)
        {
            return MapOf(request);
        }

        var merged = new Dictionary<string, CelValue>(request, StringComparer.Ordinal);
        foreach (var (k, v) in data)
        {
            merged[k] = v;
        }

        return MapOf(merged);
    }
}
