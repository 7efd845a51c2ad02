using System.Buffers;

namespace Vigil.Server.Http;

/// <summary>
/// A request body read into an array rented from the shared pool, returned on dispose. Ingestion bodies are hundreds
/// of kilobytes: a fresh array each time lands on the large-object heap and costs a full (gen2) collection every few
/// requests, which every decision being answered at that moment waits for. Whoever holds slices of
/// <see cref="Memory"/> must be done with them before disposing.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _array;
    private readonly int _length;

    private PooledBody(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    public ReadOnlyMemory<byte> Memory => _array is null ? throw new ObjectDisposedException(nameof(PooledBody)) : _array.AsMemory(0, _length);

    /// <summary>A read-only stream over the body (valid until dispose).</summary>
    public Stream AsStream() => _array is null ? throw new ObjectDisposedException(nameof(PooledBody)) : new MemoryStream(_array, 0, _length, writable: false);

    /// <summary>Reads the whole body; its size is bounded by the request limit the caller set, which Kestrel enforces.</summary>
    public static async Task<PooledBody> ReadAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(contentLength is long n and > 0 ? (int)Math.Min(n + 1, int.MaxValue) : 64 * 1024);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(array.Length * 2);
                    array.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = larger;
                }

                int read = await body.ReadAsync(array.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBody(array, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
