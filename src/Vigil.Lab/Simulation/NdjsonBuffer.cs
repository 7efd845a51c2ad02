using System.Buffers;

namespace Vigil.Lab.Simulation;

/// <summary>A growable byte buffer the JSON writer fills and that is copied to the output stream in large chunks.</summary>
internal sealed class NdjsonBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;

    public NdjsonBuffer(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void CopyTo(Stream stream)
    {
        stream.Write(_buffer, 0, Length);
        Length = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 256);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
