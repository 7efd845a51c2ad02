using System.Buffers;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Splits a stream of newline-delimited JSON into lines, for every reader of NDJSON (ECS or an identity provider's own
/// format). Blank lines are counted and skipped; a line longer than the limit is reported as such without being
/// buffered whole, so a hostile input cannot exhaust memory.
/// </summary>
internal sealed class NdjsonLines(Stream stream, int maxLineBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Lines read so far (blank ones included), so the number of the line last returned.</summary>
    public long LinesRead { get; private set; }

    /// <summary>
    /// The next non-blank line, trimmed of spaces, tabs, a carriage return and a byte order mark, valid until the next
    /// call; or <paramref name="tooLong"/> with an empty line. False at the end of the input.
    /// </summary>
    public bool TryNext(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        while (TryNextRaw(out line, out tooLong))
        {
            LinesRead++;
            if (tooLong)
            {
                line = default;
                return true;
            }

            line = Trim(line);
            if (!line.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryNextRaw(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                tooLong = newline > maxLineBytes;
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    tooLong = line.Length > maxLineBytes;
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            if (_end - _start > maxLineBytes)
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

        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
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
            int read = stream.Read(_buffer, 0, _buffer.Length);
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

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
