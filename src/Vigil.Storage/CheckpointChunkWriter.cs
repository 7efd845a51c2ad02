namespace Vigil.Storage;

/// <summary>A write-only stream that hands its bytes on in chunks of <see cref="VigilStore.CheckpointChunkBytes"/> (the last one shorter).</summary>
internal sealed class CheckpointChunkWriter(Action<ReadOnlyMemory<byte>> store) : Stream
{
    private readonly byte[] _buffer = new byte[VigilStore.CheckpointChunkBytes];
    private int _filled;
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            _written += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                Flush();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Stores what is buffered as one chunk.</summary>
    public override void Flush()
    {
        if (_filled > 0)
        {
            store(_buffer.AsMemory(0, _filled));
            _filled = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
