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

    private readonly NdjsonLines _lines;
    private readonly EcsEventReader _parser = new();

    /// <summary>Reads from <paramref name="stream"/>, which the caller owns.</summary>
    public NdjsonEventReader(Stream stream) => _lines = new NdjsonLines(stream, MaxLineBytes);

    /// <summary>Lines read so far.</summary>
    public long LinesRead => _lines.LinesRead;

    /// <summary>Reads the next non-blank line; false at the end of the input.</summary>
    public bool TryReadNext(out EcsLine line)
    {
        if (!_lines.TryNext(out var bytes, out bool tooLong))
        {
            line = default;
            return false;
        }

        long number = _lines.LinesRead;
        if (tooLong)
        {
            line = new EcsLine(number, default, string.Create(CultureInfo.InvariantCulture, $"line longer than {MaxLineBytes} bytes"));
        }
        else
        {
            line = _parser.TryRead(bytes, out var evt, out string? error)
                ? new EcsLine(number, evt, null)
                : new EcsLine(number, default, error);
        }

        return true;
    }

    /// <summary>All lines, lazily.</summary>
    public IEnumerable<EcsLine> ReadAll()
    {
        while (TryReadNext(out var line))
        {
            yield return line;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lines.Dispose();
}
