using Vigil.Cel;

namespace Vigil.Core.Policies;

/// <summary>
/// Attributes of subjects and resources known to the policy (from the policy file, data files or the admin API),
/// merged with what a request carries so an enforcement point may send only ids. Data is authoritative for roles,
/// groups and department (a directory, not the caller, says who is an admin); a request adds what data lacks.
/// </summary>
public sealed record PolicyData
{
    /// <summary>Subjects by id.</summary>
    public IReadOnlyDictionary<string, SubjectAttributes> Subjects { get; init; } = new Dictionary<string, SubjectAttributes>(StringComparer.Ordinal);

    /// <summary>Resources by id.</summary>
    public IReadOnlyDictionary<string, ResourceAttributes> Resources { get; init; } = new Dictionary<string, ResourceAttributes>(StringComparer.Ordinal);

    /// <summary>No data.</summary>
    public static PolicyData Empty { get; } = new();

    /// <summary>This data with <paramref name="other"/> laid over it (other wins per id).</summary>
    public PolicyData Merge(PolicyData other)
    {
        var subjects = new Dictionary<string, SubjectAttributes>(Subjects, StringComparer.Ordinal);
        foreach (var (id, s) in other.Subjects)
        {
            subjects[id] = s;
        }

        var resources = new Dictionary<string, ResourceAttributes>(Resources, StringComparer.Ordinal);
        foreach (var (id, r) in other.Resources)
        {
            resources[id] = r;
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
