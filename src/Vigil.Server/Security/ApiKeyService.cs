using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Security;

/// <summary>
/// API keys: <c>vgk_{id}_{secret}</c>, the secret 256 random bits. Only SHA-256(salt || secret) is stored: with a
/// secret of that entropy a fast hash is enough (a slow password hash protects low-entropy secrets, which these
/// are not; NIST SP 800-63B section 5.1.1.2 applies to memorised secrets).
/// </summary>
/// <remarks>
/// A key's record is cached for 30 s. Once a presented secret has matched the stored hash, the cache entry also keeps
/// that secret, and the next requests with the same key are checked by a constant-time comparison with it instead of
/// hashing again: every OpenSSL call from .NET clears OpenSSL's thread-local error queue and allocates a digest
/// context, about 0.45 µs per request under load, more than the hash itself (docs/benchmarks-server.md). The secret
/// is held only in this process's memory, which every request's header passes through anyway, and only while the key
/// is in use. A key revoked through this service is refused at once (its entry is replaced by one that refuses it);
/// one revoked by another process sharing the database stops working within the 30 s. Unknown ids are remembered only
/// while the cache is below <see cref="MaxUnknownCached"/> entries.
/// </remarks>
internal sealed class ApiKeyService(VigilStore store, ServerOptions options, ILogger<ApiKeyService> logger)
{
    public const string Prefix = "vgk_";
    private const int IdLength = 12;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>Entries past which unknown key ids are no longer remembered: ids a hostile caller makes up must not grow the cache without bound.</summary>
    internal const int MaxUnknownCached = 10_000;
    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a key; the returned text is the only copy.</summary>
    public string Create(string name, IEnumerable<string> scopes, string? tenant = null)
    {
        while (true)
        {
            string id = RandomNumberGenerator.GetHexString(IdLength, lowercase: true);
            byte[] secret = RandomNumberGenerator.GetBytes(32);
            string secretText = Base64Url(secret);
            byte[] salt = RandomNumberGenerator.GetBytes(16);
            var record = new ApiKeyRecord(id, name, string.Join(' ', scopes), salt, Hash(salt, secretText), options.Time.GetUtcNow().ToUnixTimeMilliseconds(), false, tenant);
            if (store.AddApiKey(record))
            {
                return Prefix + id + "_" + secretText;
            }
        }
    }

    /// <summary>Revokes the key <paramref name="keyId"/>; false when there is no such key. It stops working at once.</summary>
    public bool Revoke(string keyId)
    {
        bool revoked = store.RevokeApiKey(keyId);
        // An entry that refuses the key, rather than none: a check that read the record just before the revocation
        // replaces an entry only if it is still the one it saw (Verify), so it cannot put the key back.
        _cache[keyId] = new CachedKey(null, null, options.Time.GetTimestamp() + CacheTicks, null);
        return revoked;
    }

    /// <summary>The caller the key identifies, or null for a malformed, unknown, revoked or wrong key (logged, without the key).</summary>
    public ClaimsPrincipal? Verify(string key)
    {
        var principal = Check(key);
        if (principal is null)
        {
            Log.AuthenticationFailed(logger, "unknown or revoked API key");
        }

        return principal;
    }

    private ClaimsPrincipal? Check(string key)
    {
        ReadOnlySpan<char> text = key;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length < Prefix.Length + IdLength + 2 || text[Prefix.Length + IdLength] != '_')
        {
            return null;
        }

        var id = text.Slice(Prefix.Length, IdLength);
        var secret = text[(Prefix.Length + IdLength + 1)..];
        long now = options.Time.GetTimestamp(); // the service's clock: a test's fake clock expires the cache too
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        bool found = lookup.TryGetValue(id, out var cached);
        if (!found || cached!.Until < now)
        {
            string keyId = id.ToString();
            var record = store.FindApiKey(keyId);
            var loaded = new CachedKey(record, record is null ? null : Principal(record), now + CacheTicks, null);
            if (record is not null || _cache.Count < MaxUnknownCached)
            {
                // Only in place of what was read: a revocation made meanwhile (Revoke) keeps its entry.
                _ = found ? _cache.TryUpdate(keyId, loaded, cached!) : _cache.TryAdd(keyId, loaded);
            }

            cached = loaded;
        }

        if (cached.Record is not { Revoked: false } r)
        {
            return null;
        }

        if (cached.VerifiedSecret is { } verified)
        {
            // Lengths are not secret (every key's secret has the same length); FixedTimeEquals compares the rest in constant time.
            return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(verified.AsSpan()), MemoryMarshal.AsBytes(secret)) ? cached.Principal : null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Hash(r.Salt, secret), r.Hash))
        {
            return null;
        }

        // Remembered only if the entry is still the one just checked: a revocation in between must not be undone.
        _cache.TryUpdate(id.ToString(), cached with { VerifiedSecret = secret.ToString() }, cached);
        return cached.Principal;
    }

    /// <summary>How many key ids the cache holds (for tests).</summary>
    internal int CachedKeys => _cache.Count;

    private static ClaimsPrincipal Principal(ApiKeyRecord record)
    {
        Claim[] claims = record.Tenant is null
            ? [new Claim(ClaimTypes.Name, record.Name), new Claim("key_id", record.KeyId), new Claim("scope", record.Scopes)]
            : [new Claim(ClaimTypes.Name, record.Name), new Claim("key_id", record.KeyId), new Claim("scope", record.Scopes), new Claim(Scopes.TenantClaim, record.Tenant)];
        var identity = new ClaimsIdentity(claims, ApiKeyHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    private static byte[] Hash(byte[] salt, ReadOnlySpan<char> secret)
    {
        int length = Encoding.UTF8.GetByteCount(secret);
        Span<byte> input = length + salt.Length <= 256 ? stackalloc byte[length + salt.Length] : new byte[length + salt.Length];
        salt.CopyTo(input);
        Encoding.UTF8.GetBytes(secret, input[salt.Length..]);
        return SHA256.HashData(input);
    }

    private long CacheTicks => (long)(CacheFor.TotalSeconds * options.Time.TimestampFrequency);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A key's record (null: no such key), its caller, until when (a timestamp of the service's clock) the entry holds, and the secret that matched the stored hash (null before the first match).</summary>
    private sealed record CachedKey(ApiKeyRecord? Record, ClaimsPrincipal? Principal, long Until, string? VerifiedSecret);
}
