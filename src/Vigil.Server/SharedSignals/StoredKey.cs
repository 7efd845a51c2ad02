namespace Vigil.Server.SharedSignals;

/// <summary>A signing key as stored: PKCS#8 private key, when it was made, and when it stopped signing (null: not yet).</summary>
internal sealed record StoredKey(string Kid, long CreatedMs, long? RetiredMs, byte[] Pkcs8);
