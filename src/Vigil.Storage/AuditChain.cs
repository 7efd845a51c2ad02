using System.Buffers;
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
    private const int StackLimit = 1024;

    public static byte[] Genesis => new byte[HashLength];

    public static byte[] Next(ReadOnlySpan<byte> previous, long sequence, ReadOnlySpan<byte> record)
    {
        byte[] hash = new byte[HashLength];
        Next(previous, sequence, record, hash);
        return hash;
    }

    /// <summary>
    /// Writes hash(n) into <paramref name="destination"/>. The input is laid out once and hashed in one call: three
    /// incremental appends cost three calls into the platform's crypto library per record, which the audit drainer
    /// makes for every decision.
    /// </summary>
    public static void Next(ReadOnlySpan<byte> previous, long sequence, ReadOnlySpan<byte> record, Span<byte> destination)
    {
        int length = HashLength + sizeof(long) + record.Length;
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented is null ? stackalloc byte[StackLimit] : rented;
        previous.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[HashLength..], sequence);
        record.CopyTo(input[(HashLength + sizeof(long))..]);
        SHA256.HashData(input[..length], destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
