namespace Vigil.Server.Connectors.Syslog;

/// <summary>
/// The MSG part of an RFC 5424 syslog message (section 6): <c>&lt;PRI&gt;VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME
/// SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]</c>. The header is checked (PRI 0..191, version 1, six fields) and
/// skipped; STRUCTURED-DATA is skipped element by element with its escapes (<c>\]</c>, <c>\"</c>, <c>\\</c> inside
/// quoted values, section 6.3.3), so a <c>]</c> in a value does not end it early. A leading UTF-8 BOM of MSG is
/// dropped (section 6.4). The vendor's event is MSG: Vigil does not read the syslog header's time or host.
/// </summary>
internal static class Rfc5424
{
    public static bool TryGetMessage(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> message, out string? error)
    {
        message = default;
        error = null;
        if (frame.Length < 2 || frame[0] != (byte)'<')
        {
            error = "not RFC 5424: the message does not start with <PRI>";
            return false;
        }

        int close = frame[..Math.Min(frame.Length, 5)].IndexOf((byte)'>');
        if (close < 2 || !int.TryParse(frame[1..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pri) || pri > 191)
        {
            error = "not RFC 5424: PRI is not a number from 0 to 191 in <>";
            return false;
        }

        var rest = frame[(close + 1)..];
        if (rest.Length < 2 || rest[0] != (byte)'1' || rest[1] != (byte)' ')
        {
            error = "not RFC 5424: VERSION is not 1 (an RFC 3164 message? send RFC 5424, e.g. rsyslog's RSYSLOG_SyslogProtocol23Format)";
            return false;
        }

        rest = rest[2..];

        // TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID: each a run of printable characters or "-".
        for (int field = 0; field < 5; field++)
        {
            int space = rest.IndexOf((byte)' ');
            if (space <= 0)
            {
                error = "not RFC 5424: the header has fewer than seven fields";
                return false;
            }

            rest = rest[(space + 1)..];
        }

        if (rest.IsEmpty)
        {
            error = "not RFC 5424: STRUCTURED-DATA is missing";
            return false;
        }

        if (rest[0] == (byte)'-')
        {
            rest = rest[1..];
        }
        else if (!SkipStructuredData(ref rest))
        {
            error = "not RFC 5424: STRUCTURED-DATA is not closed";
            return false;
        }

        if (!rest.IsEmpty)
        {
            if (rest[0] != (byte)' ')
            {
                error = "not RFC 5424: no space between STRUCTURED-DATA and MSG";
                return false;
            }

            rest = rest[1..];
        }

        message = rest.StartsWith("\uFEFF"u8) ? rest[3..] : rest;
        return true;
    }

    private static bool SkipStructuredData(ref ReadOnlySpan<byte> rest)
    {
        while (!rest.IsEmpty && rest[0] == (byte)'[')
        {
            bool quoted = false;
            int i = 1;
            for (; i < rest.Length; i++)
            {
                byte b = rest[i];
                if (quoted && b == (byte)'\\')
                {
                    i++; // an escaped ", ] or \ inside a value
                }
                else if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && b == (byte)']')
                {
                    break;
                }
            }

            if (i >= rest.Length)
            {
                return false;
            }

            rest = rest[(i + 1)..];
        }

        return true;
    }
}
