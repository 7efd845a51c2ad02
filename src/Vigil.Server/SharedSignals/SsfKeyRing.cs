using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The transmitter's RS256 signing keys, generated on first start and kept in <see cref="SsfDatabase"/> (the private
/// key never leaves it: it is neither logged nor served). Rotation with overlap, so that a receiver caching the JWKS
/// never meets a kid it has not seen: a new key is published <see cref="SsfSettings.KeyOverlapHours"/> before it
/// signs, and a replaced key stays published as long again after it stopped signing. The first key signs at once
/// (nobody can have cached an older key set). Times come from the service's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SsfKeyRing : IDisposable
{
    private readonly SsfDatabase _database;
    private readonly SsfSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<SsfKeyRing> _logger;
    private readonly List<SigningKey> _keys = [];
    private readonly Lock _gate = new();

    public SsfKeyRing(SsfDatabase database, SsfSettings settings, ServerOptions options, ILogger<SsfKeyRing> logger)
    {
        _database = database;
        _settings = settings;
        _time = options.Time;
        _logger = logger;
        foreach (var stored in database.Keys())
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(stored.Pkcs8, out _);
            _keys.Add(new SigningKey(stored.Kid, stored.CreatedMs, stored.RetiredMs, rsa));
        }
    }

    private long OverlapMs => _settings.KeyOverlapHours * 3_600_000L;

    /// <summary>The key that signs now (rotating first when one is due).</summary>
    public SigningKey Current()
    {
        lock (_gate)
        {
            Maintain();
            return Signer()!;
        }
    }

    /// <summary>The public keys a receiver may meet now or soon: the signer, a successor waiting to sign, and recently replaced keys.</summary>
    public void WriteJwks(Utf8JsonWriter w)
    {
        lock (_gate)
        {
            Maintain();
            w.WriteStartObject();
            w.WriteStartArray("keys");
            foreach (var key in _keys)
            {
                var p = key.Rsa.ExportParameters(includePrivateParameters: false);
                w.WriteStartObject();
                w.WriteString("kty", "RSA");
                w.WriteString("use", "sig");
                w.WriteString("alg", "RS256");
                w.WriteString("kid", key.Kid);
                w.WriteString("n", Base64Url(p.Modulus!));
                w.WriteString("e", Base64Url(p.Exponent!));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>Key ids published now, oldest first (for tests and logs).</summary>
    public IReadOnlyList<string> PublishedKids()
    {
        lock (_gate)
        {
            Maintain();
            return [.. _keys.Select(k => k.Kid)];
        }
    }

    /// <summary>
    /// Makes the first key, starts a successor when the signer is old, stops older keys once a successor signs, and
    /// removes keys that stopped signing more than the overlap ago.
    /// </summary>
    private void Maintain()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_keys.Count == 0)
        {
            Add(now);
            return;
        }

        var signer = Signer()!;
        bool successorWaiting = _keys[^1] != signer;
        if (!successorWaiting && now - signer.CreatedMs >= _settings.KeyRotationDays * 86_400_000L)
        {
            Add(now);
        }

        foreach (var key in _keys)
        {
            if (key == signer)
            {
                break;
            }

            if (key.RetiredMs is null)
            {
                key.RetiredMs = now;
                _database.RetireKey(key.Kid, now);
            }
        }

        for (int i = _keys.Count - 1; i >= 0; i--)
        {
            if (_keys[i].RetiredMs is { } retired && now - retired >= OverlapMs)
            {
                _database.DeleteKey(_keys[i].Kid);
                SsfLog.KeyRemoved(_logger, _keys[i].Kid);
                _keys[i].Dispose();
                _keys.RemoveAt(i);
            }
        }
    }

    /// <summary>The newest key published for at least the overlap; the only key when there is one.</summary>
    private SigningKey? Signer()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (int i = _keys.Count - 1; i >= 0; i--)
        {
            if (i == 0 || now - _keys[i].CreatedMs >= OverlapMs)
            {
                return _keys[i];
            }
        }

        return null;
    }

    private void Add(long now)
    {
        var rsa = RSA.Create(Math.Max(2048, _settings.KeyBits));
        string kid = Thumbprint(rsa);
        _database.AddKey(new StoredKey(kid, now, null, rsa.ExportPkcs8PrivateKey()));
        _keys.Add(new SigningKey(kid, now, null, rsa));
        SsfLog.KeyCreated(_logger, kid, rsa.KeySize);
    }

    /// <summary>The JWK thumbprint (RFC 7638 section 3): SHA-256 over the required members in lexicographic order.</summary>
    private static string Thumbprint(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        string canonical = $$"""{"e":"{{Base64Url(p.Exponent!)}}","kty":"RSA","n":"{{Base64Url(p.Modulus!)}}"}""";
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
