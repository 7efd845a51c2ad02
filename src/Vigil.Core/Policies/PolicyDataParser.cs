using YamlDotNet.RepresentationModel;

namespace Vigil.Core.Policies;

/// <summary>
/// Reads policy data (the <c>data:</c> section of a policy, or a data file with the same shape):
/// <c>subjects: {id: {type, roles, groups, department, manager, properties}}</c> and
/// <c>resources: {id: {type, properties}}</c>, or either section as a list of entries with <c>id</c>. Entries are
/// keyed by (type, id) (<see cref="EntityKey"/>); an entry without <c>type</c> is untyped.
/// </summary>
public static class PolicyDataParser
{
    private static readonly string[] DataKeys = ["subjects", "resources"];
    private static readonly string[] SubjectKeys = ["type", "roles", "groups", "department", "manager", "properties"];
    private static readonly string[] ResourceKeys = ["type", "properties"];
    private static readonly string[] SubjectListKeys = ["id", .. SubjectKeys];
    private static readonly string[] ResourceListKeys = ["id", .. ResourceKeys];

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
        var subjects = new Dictionary<EntityKey, SubjectAttributes>();
        foreach (var (key, map) in Entries(y, root, "subjects", "subject", SubjectKeys, SubjectListKeys))
        {
            Add(y, subjects, key, map, "subject", new SubjectAttributes
            {
                Roles = y.Strings(map, "roles"),
                Groups = y.Strings(map, "groups"),
                Department = y.String(map, "department"),
                Manager = y.String(map, "manager"),
                Properties = y.Properties(y.Map(map, "properties")),
            });
        }

        var resources = new Dictionary<EntityKey, ResourceAttributes>();
        foreach (var (key, map) in Entries(y, root, "resources", "resource", ResourceKeys, ResourceListKeys))
        {
            Add(y, resources, key, map, "resource", new ResourceAttributes
            {
                Type = key.Type.Length == 0 ? null : key.Type,
                Properties = y.Properties(y.Map(map, "properties")),
            });
        }

        return new PolicyData { Subjects = subjects, Resources = resources };
    }

    /// <summary>
    /// The entries of a section, each with its (type, id): a mapping keyed by id (<c>alice: {type: user, ...}</c>, the
    /// type optional), or a list of entries that name their id (<c>- {type: user, id: alice, ...}</c>), which can hold
    /// two entities of different types with the same id.
    /// </summary>
    private static List<(EntityKey Key, YamlMappingNode Map)> Entries(YamlReader y, YamlMappingNode root, string section, string what, string[] keys, string[] listKeys)
    {
        var entries = new List<(EntityKey, YamlMappingNode)>();
        var node = YamlReader.Get(root, section);
        if (node is YamlMappingNode byId)
        {
            foreach (var (key, value) in byId.Children)
            {
                string id = ((YamlScalarNode)key).Value ?? "";
                if (value is not YamlMappingNode map)
                {
                    y.Error(value, $"{what} '{id}' must be a mapping.", what == "subject" ? "write 'roles: [...]', 'department: ...'." : "write 'type: ...', 'properties: {...}'.");
                    continue;
                }

                y.CheckKeys(map, $"{what} '{id}'", keys);
                entries.Add((new EntityKey(y.String(map, "type") ?? "", id), map));
            }
        }
        else if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode map)
                {
                    y.Error(item, $"an entry of '{section}' must be a mapping.", $"write '- {{type: ..., id: ...}}'.");
                    continue;
                }

                string? id = y.String(map, "id", required: true, where: $"an entry of '{section}'");
                y.CheckKeys(map, $"{what} '{id}'", listKeys);
                if (id is not null)
                {
                    entries.Add((new EntityKey(y.String(map, "type") ?? "", id), map));
                }
            }
        }
        else if (node is not null)
        {
            y.Error(node, $"'{section}' must be a mapping (id: {{...}}) or a list of entries with ids.", $"write '{section}: {{id: {{type: ...}}}}' or '{section}: [{{type: ..., id: ...}}]'.");
        }

        return entries;
    }

    private static void Add<T>(YamlReader y, Dictionary<EntityKey, T> entries, EntityKey key, YamlMappingNode map, string what, T value)
    {
        if (!entries.TryAdd(key, value))
        {
            y.Error(map, key.Type.Length == 0 ? $"{what} '{key.Id}' is given twice." : $"{what} '{key.Id}' of type '{key.Type}' is given twice.",
                "keep one entry per type and id; merge their attributes.");
        }
    }
}
