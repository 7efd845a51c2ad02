using System.Buffers;
using System.Globalization;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Streams ECS events from newline-delimited JSON. A bad line is reported with its number and reason and the
/// rest of the input goes on; blank lines are skipped. Lines longer than <see cref="MaxLineBytes"/> are refused
/// without being buffered whole, so a hostile input cannot exhaust memory.
/// </summary>
public sealed class NdjsonEventReader : IDisposable
{
    /// <summary>The longest line accepted (1 MiB); a real event is a few kilobytes.</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly EcsEventReader _parser = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;

    /// <summary>Reads from <paramref name="stream"/>, which the caller owns.</summary>
    public NdjsonEventReader(Stream stream) => _stream = stream;

    /// <summary>Lines read so far.</summary>
    public long LinesRead => _lineNumber;

    /// <summary>Reads the next non-blank line; false at the end of the input.</summary>
    public bool TryReadNext(out EcsLine line)
    {
        while (true)
        {
            if (!TryNextLine(out var bytes, out bool tooLong))
            {
                line = default;
                return false;
            }

            _lineNumber++;
            if (tooLong)
            {
                line = new EcsLine(_lineNumber, default, string.Create(CultureInfo.InvariantCulture, $"line longer than {MaxLineBytes} bytes"));
                return true;
            }

            bytes = Trim(bytes);
            if (bytes.IsEmpty)
            {
                continue;
            }

            line = _parser.TryRead(bytes, out var evt, out string? error)
                ? new EcsLine(_lineNumber, evt, null)
                : new EcsLine(_lineNumber, default, error);
            return true;
        }
    }

    /// <summary>All lines, lazily.</summary>
    public IEnumerable<EcsLine> ReadAll()
    {
        while (TryReadNext(out var line))
        {
            yield return line;
        }
    }

    private bool TryNextLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                tooLong = newline > MaxLineBytes;
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    tooLong = line.Length > MaxLineBytes;
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            if (_end - _start > MaxLineBytes)
            {
                SkipRestOfLine();
                tooLong = true;
                line = default;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        _start = _end = 0;
        while (!_eof)
        {
            int read = _stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            int newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return;
            }
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes.TrimEnd((byte)'\r');
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..]; // UTF-8 byte order mark
        }

        return bytes.Trim(" \t"u8);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
