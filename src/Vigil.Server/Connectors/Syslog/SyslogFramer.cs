namespace Vigil.Server.Connectors.Syslog;

/// <summary>
/// Splits a TCP stream into syslog frames, RFC 6587 section 3.4: octet counting (<c>LEN SP MSG</c>, chosen when a
/// frame starts with a digit) or non-transparent framing with LF as the trailer (a frame starting with <c>&lt;</c>);
/// a sender may mix them frame by frame, as the RFC allows. A frame longer than the bound, or a length that is not a
/// number, cannot be resynchronised (octet counting has no marker to skip to), so it ends the connection.
/// </summary>
internal static class SyslogFramer
{
    /// <summary>
    /// The next complete frame of <paramref name="buffer"/>: true with the frame and the bytes it used; false with
    /// <paramref name="error"/> null when more bytes are needed, or set when the connection must be closed.
    /// </summary>
    public static bool TryNext(ReadOnlySpan<byte> buffer, int maxMessageBytes, out ReadOnlySpan<byte> frame, out int consumed, out string? error)
    {
        frame = default;
        error = null;
        int start = 0;
        while (start < buffer.Length && buffer[start] is (byte)'\n' or (byte)'\r' or (byte)' ' or 0)
        {
            start++; // stray trailers between octet-counted frames
        }

        consumed = start;
        var rest = buffer[start..];
        if (rest.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit((char)rest[0]))
        {
            int space = rest[..Math.Min(rest.Length, 11)].IndexOf((byte)' ');
            if (space < 0)
            {
                error = rest.Length >= 11 || !AllDigits(rest) ? "octet counting: the frame's length is not a number followed by a space" : null;
                return false;
            }

            if (!AllDigits(rest[..space]) || !int.TryParse(rest[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int length) || length == 0)
            {
                error = "octet counting: the frame's length is not a positive number";
                return false;
            }

            if (length > maxMessageBytes)
            {
                error = FormattableString.Invariant($"octet counting: a frame of {length} bytes is longer than maxMessageBytes ({maxMessageBytes})");
                return false;
            }

            if (rest.Length < space + 1 + length)
            {
                return false;
            }

            frame = rest.Slice(space + 1, length);
            consumed = start + space + 1 + length;
            return true;
        }

        int lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (rest.Length > maxMessageBytes)
            {
                error = FormattableString.Invariant($"LF framing: no line end within maxMessageBytes ({maxMessageBytes})");
            }

            return false;
        }

        frame = rest[..lf].TrimEnd((byte)'\r');
        consumed = start + lf + 1;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> span)
    {
        foreach (byte b in span)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
