using System.Globalization;
using System.Net;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Datasets;

/// <summary>
/// Reads telemetry from CSV (RFC 4180 quoting, one record per line) through a <see cref="CsvColumnMap"/>. A bad row is
/// reported with its line number and the rest goes on, as with NDJSON.
/// </summary>
public sealed class CsvEventSource(CsvColumnMap map)
{
    private const int MaxLineLength = 1 << 20;

    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Streams the rows of <paramref name="reader"/> as events.</summary>
    public IEnumerable<EcsLine> Read(TextReader reader)
    {
        string? header = reader.ReadLine();
        if (header is null)
        {
            yield break;
        }

        var names = Split(header.TrimStart('\uFEFF'));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (field, column) in map.Columns)
        {
            int i = names.IndexOf(column);
            if (i < 0)
            {
                missing.Add($"{field}='{column}'");
            }
            else
            {
                index[field] = i;
            }
        }

        if (missing.Count > 0)
        {
            yield return new EcsLine(1, default, "the header lacks mapped columns: " + string.Join(", ", missing));
            yield break;
        }

        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                yield return new EcsLine(lineNumber, default, $"line longer than {MaxLineLength} characters");
                continue;
            }

            var cells = Split(line);
            yield return TryBuild(cells, index, out var evt, out string? error)
                ? new EcsLine(lineNumber, evt, null)
                : new EcsLine(lineNumber, default, error);
        }
    }

    private bool TryBuild(List<string> cells, Dictionary<string, int> index, out TelemetryEvent evt, out string? error)
    {
        evt = default;
        string? Cell(string field) => index.TryGetValue(field, out int i) && i < cells.Count && cells[i].Length > 0 ? cells[i] : null;

        string? time = Cell("timestamp");
        if (time is null || !TryTimestamp(time, map.TimeUnit, out long ms))
        {
            error = time is null ? "missing timestamp" : $"timestamp '{time}' is not a date-time or a number of {UnitName(map.TimeUnit)}";
            return false;
        }

        string? user = Cell("user");
        if (user is null)
        {
            error = "missing user";
            return false;
        }

        IPAddress? ip = null;
        if (Cell("ip") is { } ipText && (ip = ParseAddress(ipText)) is null)
        {
            error = $"ip '{ipText}' is not an IP address (dotted decimal IPv4 or IPv6)";
            return false;
        }

        string? attackType = Cell("attack_type");
        if (attackType is null && index.TryGetValue("label", out int labelIndex) && !TryLabel(labelIndex < cells.Count ? cells[labelIndex].Trim() : "", out attackType, out error))
        {
            return false;
        }

        if (attackType is null && IsTrue(Cell("account_takeover")))
        {
            attackType = "account_takeover";
        }
        else if (attackType is null && IsTrue(Cell("attack_ip")))
        {
            attackType = "attack_ip";
        }

        var (browser, major) = SplitVersion(Cell("browser"));
        var (os, _) = SplitVersion(Cell("os"));
        string? action = Cell("action");
        // An edge stream (a resource column, no action column) is host-to-host or identity-to-resource access, not a sign-in.
        if (action is null && !index.ContainsKey("action") && index.ContainsKey("resource") && Cell("resource") is not null)
        {
            action = "access";
        }

        evt = new TelemetryEvent
        {
            Id = null,
            TimestampMs = ms,
            Kind = action is null ? EventKind.SignIn : Core.Telemetry.EcsEventVocabulary.KindOf(action),
            Action = action ?? "sign-in",
            Outcome = Cell("outcome") switch { null => EventOutcome.Unknown, var o when IsTrue(o) || o.Equals("success", StringComparison.OrdinalIgnoreCase) => EventOutcome.Success, _ => EventOutcome.Failure },
            SubjectId = user,
            SourceIp = ip,
            Country = Cell("country"),
            City = Cell("city") is { } city ? (Cell("region") is { } region ? region + "/" + city : city) : null,
            AsNumber = uint.TryParse(Cell("asn"), NumberStyles.None, CultureInfo.InvariantCulture, out uint asn) ? asn : 0,
            UserAgent = Cell("user_agent"),
            Browser = browser,
            BrowserMajor = major,
            OperatingSystem = os,
            DeviceType = Cell("device_type") is { } dt ? char.ToUpperInvariant(dt[0]) + dt[1..] : null,
            ResourceId = Cell("resource"),
            SessionId = Cell("session"),
            DeviceId = Cell("device_id"),
            AttackType = attackType,
            AttackId = Cell("attack_id") ?? (attackType is null ? null : attackType + ":" + user),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// A label cell against the configured normal and attack values: normal gives a null attack type; a value that is
    /// neither, when attack values are configured, is an error naming the column.
    /// </summary>
    private bool TryLabel(string value, out string? attackType, out string? error)
    {
        error = null;
        attackType = null;
        var normal = map.LabelNormal ?? CsvColumnMap.DefaultLabelNormal;
        if (normal.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (map.LabelAttack is { } attacks && !attacks.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            error = $"label '{value}' in column '{map.Columns["label"]}' is neither a normal value ({string.Join(" ", normal.Select(Shown))}) nor an attack value ({string.Join(" ", attacks.Select(Shown))})";
            return false;
        }

        attackType = IsTrue(value) ? "attack" : value;
        return true;
    }

    private static string Shown(string value) => value.Length == 0 ? "(empty)" : "'" + value + "'";

    /// <summary>
    /// IPv4 is read as dotted decimal even when zero-padded: <c>172.016.112.020</c> is 172.16.112.20, as intrusion
    /// datasets (DARPA 1998) write it, where <see cref="IPAddress.TryParse(string, out IPAddress)"/> would read octal.
    /// The inet_aton short forms (<c>10.1</c>, <c>167772161</c>) are refused: no dataset means them.
    /// </summary>
    internal static IPAddress? ParseAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null;
        }

        Span<byte> bytes = stackalloc byte[4];
        var rest = text.AsSpan();
        for (int part = 0; part < 4; part++)
        {
            int dot = rest.IndexOf('.');
            var digits = part < 3 ? (dot > 0 ? rest[..dot] : default) : rest;
            if (digits.Length is 0 or > 3 || (part == 3 && dot >= 0)
                || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 255)
            {
                return null;
            }

            bytes[part] = (byte)value;
            rest = part < 3 ? rest[(dot + 1)..] : default;
        }

        return new IPAddress(bytes);
    }

    private static string UnitName(CsvTimeUnit unit) => unit switch
    {
        CsvTimeUnit.Seconds => "seconds",
        CsvTimeUnit.Minutes => "minutes",
        _ => "Unix milliseconds",
    };

    private static bool TryTimestamp(string text, CsvTimeUnit unit, out long ms)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
        {
            long scale = unit switch { CsvTimeUnit.Seconds => 1000L, CsvTimeUnit.Minutes => 60_000L, _ => 1L };
            // Bounded to the year 9999 so that a hostile number cannot overflow into a negative time.
            if (ms > MaxUnixMs / scale)
            {
                return false;
            }

            ms *= scale;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            ms = t.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    private static bool IsTrue(string? value) => value is not null &&
        (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    /// <summary>"Chrome Mobile 81.0.4044" -> ("Chrome Mobile", 81).</summary>
    private static (string? Name, int Major) SplitVersion(string? text)
    {
        if (text is null)
        {
            return (null, 0);
        }

        int space = text.LastIndexOf(' ');
        if (space > 0 && char.IsDigit(text[space + 1]))
        {
            string version = text[(space + 1)..];
            int dot = version.IndexOf('.', StringComparison.Ordinal);
            _ = int.TryParse(dot > 0 ? version[..dot] : version, NumberStyles.None, CultureInfo.InvariantCulture, out int major);
            return (text[..space], major);
        }

        return (text, 0);
    }

    /// <summary>Splits one CSV record (quotes may hold commas and doubled quotes).</summary>
    internal static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
