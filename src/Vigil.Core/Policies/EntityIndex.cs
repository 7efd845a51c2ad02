namespace Vigil.Core.Policies;

/// <summary>
/// Policy data of one kind (subjects or resources) looked up as AuthZEN scopes ids: by (type, id). A request that
/// names a type finds the entry of that type, else the untyped entry of the id (data written without types keeps
/// matching as it did). A request without a type (ECS telemetry often has none) finds the id's untyped entry, else its
/// only typed entry; an id given under several types and no untyped entry is ambiguous and finds nothing.
/// </summary>
internal sealed class EntityIndex
{
    private readonly Dictionary<EntityKey, CompiledAttributes> _byKey;
    private readonly Dictionary<string, CompiledAttributes?> _byIdAlone;
    private readonly bool _anyTyped; // most directories have no types: one lookup per request then, not two

    public EntityIndex(IEnumerable<KeyValuePair<EntityKey, CompiledAttributes>> entries)
    {
        _byKey = new Dictionary<EntityKey, CompiledAttributes>(entries);
        _byIdAlone = new Dictionary<string, CompiledAttributes?>(StringComparer.Ordinal);
        _anyTyped = _byKey.Keys.Any(k => k.Type.Length > 0);
        foreach (var group in _byKey.GroupBy(e => e.Key.Id, StringComparer.Ordinal))
        {
            var untyped = group.FirstOrDefault(e => e.Key.Type.Length == 0);
            _byIdAlone[group.Key] = untyped.Value ?? (group.Count() == 1 ? group.First().Value : null);
        }
    }

    public CompiledAttributes? Find(string? type, string id)
    {
        if (string.IsNullOrEmpty(type))
        {
            return _byIdAlone.GetValueOrDefault(id);
        }

        return _anyTyped && _byKey.TryGetValue(new EntityKey(type, id), out var typed) ? typed
            : _byKey.GetValueOrDefault(EntityKey.Untyped(id));
    }
}
