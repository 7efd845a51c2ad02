namespace Vigil.Core.Policies;

/// <summary>
/// Which subject or resource an entry of policy data describes: AuthZEN scopes an id to its type (AuthZEN 1.0,
/// Information Model: "the unique identifier of the Subject, scoped to the type"), so (user, 7) and (group, 7) are
/// two entities. An empty <see cref="Type"/> is an entry written without a type (all data before types were keys):
/// it describes the id whatever type a request gives, unless an entry of the request's type exists.
/// </summary>
/// <param name="Type">The entity's type; empty when data gives none.</param>
/// <param name="Id">The entity's id.</param>
public readonly record struct EntityKey(string Type, string Id)
{
    /// <summary>An entry without a type.</summary>
    public static EntityKey Untyped(string id) => new("", id);
}
