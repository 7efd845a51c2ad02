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

    private readonly NdjsonLines _lines;
    private readonly FormatEventReader _parser;
    private readonly List<EcsLine> _pending = [];

    /// <summary>Reads from <paramref name="stream"/> (which the caller owns) in <paramref name="format"/>.</summary>
    public NdjsonFormatReader(Stream stream, LogFormat format = LogFormat.Auto, FormatReaderOptions? options = null)
    {
        _lines = new NdjsonLines(stream, MaxLineBytes);
        _parser = new FormatEventReader(format, options);
    }

    /// <summary>Lines read so far.</summary>
    public long LinesRead => _lines.LinesRead;

    /// <summary>All events and errors, lazily, in input order.</summary>
    public IEnumerable<EcsLine> ReadAll()
    {
        while (true)
        {
            _pending.Clear();
            if (!Next())
            {
                yield break;
            }

            for (int i = 0; i < _pending.Count; i++)
            {
                yield return _pending[i];
            }
        }
    }

    // A span cannot live across a yield, so each line is parsed here into _pending.
    private bool Next()
    {
        if (!_lines.TryNext(out var bytes, out bool tooLong))
        {
            return false;
        }

        if (tooLong)
        {
            _pending.Add(new EcsLine(_lines.LinesRead, default, string.Create(CultureInfo.InvariantCulture, $"line longer than {MaxLineBytes} bytes")));
        }
        else
        {
            _parser.Read(bytes, _lines.LinesRead, _pending);
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _lines.Dispose();
}
