using Vigil.Cel;

namespace Vigil.Core.Policies;

/// <summary>
/// Attributes of subjects and resources known to the policy (from the policy file, data files or the admin API),
/// merged with what a request carries so an enforcement point may send only ids. Data is authoritative for roles,
/// groups and department (a directory, not the caller, says who is an admin); a request adds what data lacks.
/// </summary>
public sealed record PolicyData
{
    /// <summary>Subjects by (type, id); an empty type is an entry written without one (see <see cref="EntityKey"/>).</summary>
    public IReadOnlyDictionary<EntityKey, SubjectAttributes> Subjects { get; init; } = new Dictionary<EntityKey, SubjectAttributes>();

    /// <summary>Resources by (type, id); an empty type is an entry written without one (see <see cref="EntityKey"/>).</summary>
    public IReadOnlyDictionary<EntityKey, ResourceAttributes> Resources { get; init; } = new Dictionary<EntityKey, ResourceAttributes>();

    /// <summary>No data.</summary>
    public static PolicyData Empty { get; } = new();

    /// <summary>This data with <paramref name="other"/> laid over it (other wins per type and id).</summary>
    public PolicyData Merge(PolicyData other)
    {
        var subjects = new Dictionary<EntityKey, SubjectAttributes>(Subjects);
        foreach (var (key, s) in other.Subjects)
        {
            subjects[key] = s;
        }

        var resources = new Dictionary<EntityKey, ResourceAttributes>(Resources);
        foreach (var (key, r) in other.Resources)
        {
            resources[key] = r;
        }

        return new PolicyData { Subjects = subjects, Resources = resources };
    }
}

/// <summary>What the policy knows about a subject.</summary>
public sealed record SubjectAttributes
{
    /// <summary>Roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Groups.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Department.</summary>
    public string? Department { get; init; }

    /// <summary>Manager's id.</summary>
    public string? Manager { get; init; }

    /// <summary>Further properties, as CEL values (strings, numbers, lists, maps).</summary>
    public IReadOnlyDictionary<string, CelValue> Properties { get; init; } = new Dictionary<string, CelValue>(StringComparer.Ordinal);
}

/// <summary>What the policy knows about a resource.</summary>
public sealed record ResourceAttributes
{
    /// <summary>Resource type.</summary>
    public string? Type { get; init; }

    /// <summary>Properties (owner, department ...), as CEL values.</summary>
    public IReadOnlyDictionary<string, CelValue> Properties { get; init; } = new Dictionary<string, CelValue>(StringComparer.Ordinal);
}
