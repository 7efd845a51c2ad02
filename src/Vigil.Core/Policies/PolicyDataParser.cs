using YamlDotNet.RepresentationModel;

namespace Vigil.Core.Policies;

/// <summary>
/// Reads policy data (the <c>data:</c> section of a policy, or a data file with the same shape):
/// <c>subjects: {id: {roles, groups, department, manager, properties}}</c> and
/// <c>resources: {id: {type, properties}}</c>.
/// </summary>
public static class PolicyDataParser
{
    private static readonly string[] DataKeys = ["subjects", "resources"];
    private static readonly string[] SubjectKeys = ["roles", "groups", "department", "manager", "properties"];
    private static readonly string[] ResourceKeys = ["type", "properties"];

    /// <summary>Parses a data file; null with diagnostics when it has errors.</summary>
    public static PolicyData? Parse(string text, string file, out IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        var y = new YamlReader(file);
        diagnostics = y.Diagnostics;
        var root = y.LoadRoot(text);
        if (root is null)
        {
            return null;
        }

        var data = Read(y, root);
        return y.Diagnostics.Count == 0 ? data : null;
    }

    internal static PolicyData Read(YamlReader y, YamlMappingNode root)
    {
        y.CheckKeys(root, "policy data", DataKeys);
        var subjects = new Dictionary<string, SubjectAttributes>(StringComparer.Ordinal);
        if (y.Map(root, "subjects") is { } s)
        {
            foreach (var (key, value) in s.Children)
            {
                string id = ((YamlScalarNode)key).Value ?? "";
                if (value is not YamlMappingNode map)
                {
                    y.Error(value, $"subject '{id}' must be a mapping.", "write 'roles: [...]', 'department: ...'.");
                    continue;
                }

                y.CheckKeys(map, $"subject '{id}'", SubjectKeys);
                subjects[id] = new SubjectAttributes
                {
                    Roles = y.Strings(map, "roles"),
                    Groups = y.Strings(map, "groups"),
                    Department = y.String(map, "department"),
                    Manager = y.String(map, "manager"),
                    Properties = y.Properties(y.Map(map, "properties")),
                };
            }
        }

        var resources = new Dictionary<string, ResourceAttributes>(StringComparer.Ordinal);
        if (y.Map(root, "resources") is { } r)
        {
            foreach (var (key, value) in r.Children)
            {
                string id = ((YamlScalarNode)key).Value ?? "";
                if (value is not YamlMappingNode map)
                {
                    y.Error(value, $"resource '{id}' must be a mapping.", "write 'type: ...', 'properties: {...}'.");
                    continue;
                }

                y.CheckKeys(map, $"resource '{id}'", ResourceKeys);
                resources[id] = new ResourceAttributes { Type = y.String(map, "type"), Properties = y.Properties(y.Map(map, "properties")) };
            }
        }

        return new PolicyData { Subjects = subjects, Resources = resources };
    }
}
