using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigil.Storage;

/// <summary>
/// The audit log's hash chain: hash(n) = SHA-256(hash(n-1) || big-endian sequence || record bytes), with 32 zero
/// bytes before the first record. Binding the sequence makes a removed or reordered record break the chain even
/// when the records around it are identical (the construction of Crosby and Wallach's tamper-evident logs, USENIX 2009).
/// </summary>
internal static class AuditChain
{
    public const int HashLength = 32;

    public static byte[] Genesis => new byte[HashLength];

    public static byte[] Next(IncrementalHash sha, ReadOnlySpan<byte> previous, long sequence, ReadOnlySpan<byte> record)
    {
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seq, sequence);
        sha.AppendData(previous);
        sha.AppendData(seq);
        sha.AppendData(record);
        return sha.GetHashAndReset();
    }
}
