namespace Vigil.Core.Engine;

/// <summary>
/// Where the engine puts identities it evicts from memory (<see cref="VigilEngine.EvictIdle"/>) and finds them again
/// on their next event. The bytes are the identity's checkpoint form, so an identity restored from them scores
/// exactly as if it had never left (issue 11, defect 3).
/// </summary>
public interface IIdentitySpill
{
    /// <summary>Stores the evicted state of <paramref name="identityId"/> in <paramref name="tenant"/>.</summary>
    void Save(string tenant, string identityId, byte[] state);

    /// <summary>The newest state stored for the identity, or null when it was never evicted.</summary>
    byte[]? Load(string tenant, string identityId);
}
