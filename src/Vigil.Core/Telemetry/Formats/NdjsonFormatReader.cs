using System.Buffers;
using System.Globalization;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Streams events from newline-delimited JSON in any format <see cref="FormatEventReader"/> reads. A line may hold
/// several events (a CloudTrail file with <c>Records</c>); all carry its line number. A bad line is reported with its
/// number and why, and the rest goes on. Lines longer than <see cref="MaxLineBytes"/> are refused without being
/// buffered whole.
/// </summary>
public sealed class NdjsonFormatReader : IDisposable
{
    /// <summary>The longest line accepted (16 MiB): room for a whole CloudTrail log file on one line.</summary>
    public const int MaxLineBytes = 16 << 20;

    private readonly Stream _stream;
    private readonly FormatEventReader _parser;
    private readonly List<EcsLine> _pending = [];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;

    /// <summary>Reads from <paramref name="stream"/> (which the caller owns) in <paramref name="format"/>.</summary>
    public NdjsonFormatReader(Stream stream, LogFormat format = LogFormat.Auto, FormatReaderOptions? options = null)
    {
        _stream = stream;
        _parser = new FormatEventReader(format, options);
    }

    /// <summary>Lines read so far.</summary>
    public long LinesRead => _lineNumber;

    /// <summary>All events and errors, lazily, in input order.</summary>
    public IEnumerable<EcsLine> ReadAll()
    {
        while (TryNextLine(out var bytes, out bool tooLong))
        {
            _lineNumber++;
            if (tooLong)
            {
                yield return new EcsLine(_lineNumber, default, string.Create(CultureInfo.InvariantCulture, $"line longer than {MaxLineBytes} bytes"));
                continue;
            }

            bytes = Trim(bytes);
            if (bytes.IsEmpty)
            {
                continue;
            }

            _pending.Clear();
            _parser.Read(bytes, _lineNumber, _pending);
            for (int i = 0; i < _pending.Count; i++)
            {
                yield return _pending[i];
            }
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
            bytes = bytes[3..];
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
