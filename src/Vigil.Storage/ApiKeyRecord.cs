namespace Vigil.Storage;

/// <summary>A stored API key: never the key itself, only a salted hash of its secret part.</summary>
/// <param name="KeyId">The public part of the key (before the secret), used to find the record.</param>
/// <param name="Name">A label for people and logs.</param>
/// <param name="Scopes">Space-separated scopes: evaluate, ingest, feedback, admin.</param>
/// <param name="Salt">Random salt.</param>
/// <param name="Hash">SHA-256 over salt and secret.</param>
/// <param name="CreatedMs">When it was created, Unix ms.</param>
/// <param name="Revoked">True once revoked.</param>
/// <param name="Tenant">The tenant the key's holder belongs to (its self-service is bound to it); null: the default tenant.</param>
public sealed record ApiKeyRecord(string KeyId, string Name, string Scopes, byte[] Salt, byte[] Hash, long CreatedMs, bool Revoked, string? Tenant = null);
