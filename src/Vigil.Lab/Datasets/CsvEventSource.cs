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

    private static bool TryBuild(List<string> cells, Dictionary<string, int> index, out TelemetryEvent evt, out string? error)
    {
        evt = default;
        string? Cell(string field) => index.TryGetValue(field, out int i) && i < cells.Count && cells[i].Length > 0 ? cells[i] : null;

        string? time = Cell("timestamp");
        if (time is null || !TryTimestamp(time, out long ms))
        {
            error = time is null ? "missing timestamp" : $"timestamp '{time}' is not a date-time or Unix milliseconds";
            return false;
        }

        string? user = Cell("user");
        if (user is null)
        {
            error = "missing user";
            return false;
        }

        IPAddress? ip = null;
        if (Cell("ip") is { } ipText && !IPAddress.TryParse(ipText, out ip))
        {
            error = $"ip '{ipText}' is not an IP address";
            return false;
        }

        string? attackType = Cell("attack_type");
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

    private static bool TryTimestamp(string text, out long ms)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
        {
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
