using System.Security.Cryptography;

namespace Vigil.Server.SharedSignals;

/// <summary>An RSA key of the ring with its key id (RFC 7638 thumbprint) and its times (see <see cref="SsfKeyRing"/>).</summary>
internal sealed class SigningKey(string kid, long createdMs, long? retiredMs, RSA rsa) : IDisposable
{
    public string Kid { get; } = kid;

    public long CreatedMs { get; } = createdMs;

    public long? RetiredMs { get; set; } = retiredMs;

    public RSA Rsa { get; } = rsa;

    public void Dispose() => Rsa.Dispose();
}
