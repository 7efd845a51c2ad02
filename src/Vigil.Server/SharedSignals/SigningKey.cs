using System.Security.Cryptography;

namespace Vigil.Server.SharedSignals;

/// <summary>An RSA key of the ring with its key id (RFC 7638 thumbprint) and its times (see <see cref="SsfKeyRing"/>).</summary>
internal sealed class SigningKey(string kid, long createdMs, long? retiredMs, RSA rsa) : IDisposable
{
    public string Kid { get; } = kid;

    public long CreatedMs { get; } = createdMs;

    public long? RetiredMs { get; set; } = retiredMs;

    public RSA Rsa { get; } = rsa;

    private readonly Lock _gate = new();

    /// <summary>RS256 over <paramref name="data"/>. Serialised: an RSA instance is not documented as safe for concurrent use, and SETs are signed from request threads and the risk watcher at once.</summary>
    public byte[] SignRs256(byte[] data)
    {
        lock (_gate)
        {
            return Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    public void Dispose() => Rsa.Dispose();
}
