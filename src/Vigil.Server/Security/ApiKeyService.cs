using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Vigil.Storage;

namespace Vigil.Server.Security;

/// <summary>
/// API keys: <c>vgk_{id}_{secret}</c>, the secret 256 random bits. Only SHA-256(salt || secret) is stored: with a
/// secret of that entropy a fast hash is enough (a slow password hash protects low-entropy secrets, which these
/// are not; NIST SP 800-63B section 5.1.1.2 applies to memorised secrets). Verified records are cached for 30 s,
/// so a revocation takes effect within that time.
/// </summary>
internal sealed class ApiKeyService(VigilStore store, ServerOptions options)
{
    public const string Prefix = "vgk_";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, ClaimsPrincipal? Principal, long Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a key; the returned text is the only copy.</summary>
    public string Create(string name, IEnumerable<string> scopes)
    {
        while (true)
        {
            string id = RandomNumberGenerator.GetHexString(12, lowercase: true);
            byte[] secret = RandomNumberGenerator.GetBytes(32);
            string secretText = Base64Url(secret);
            byte[] salt = RandomNumberGenerator.GetBytes(16);
            var record = new ApiKeyRecord(id, name, string.Join(' ', scopes), salt, Hash(salt, secretText), options.Time.GetUtcNow().ToUnixTimeMilliseconds(), false);
            if (store.AddApiKey(record))
            {
                return Prefix + id + "_" + secretText;
            }
        }
    }

    public ClaimsPrincipal? Verify(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + 14 || key[Prefix.Length + 12] != '_')
        {
            return null;
        }

        string id = key.Substring(Prefix.Length, 12);
        string secret = key[(Prefix.Length + 13)..];
        long now = Environment.TickCount64;
        if (!_cache.TryGetValue(id, out var cached) || cached.Until < now)
        {
            var record = store.FindApiKey(id);
            cached = (record, record is null ? null : Principal(record), now + (long)CacheFor.TotalMilliseconds);
            _cache[id] = cached;
        }

        if (cached.Record is not { Revoked: false } r)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(r.Salt, secret), r.Hash) ? cached.Principal : null;
    }

    private static ClaimsPrincipal Principal(ApiKeyRecord record)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, record.Name), new Claim("key_id", record.KeyId), new Claim("scope", record.Scopes)],
            ApiKeyHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    private static byte[] Hash(byte[] salt, string secret)
    {
        int length = Encoding.UTF8.GetByteCount(secret);
        Span<byte> input = length + salt.Length <= 256 ? stackalloc byte[length + salt.Length] : new byte[length + salt.Length];
        salt.CopyTo(input);
        Encoding.UTF8.GetBytes(secret, input[salt.Length..]);
        return SHA256.HashData(input);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
