namespace Vigil.Lab.Datasets;

/// <summary>
/// Which CSV column holds which telemetry field. Written on the command line as
/// <c>timestamp=Login Timestamp,user=User ID,ip=IP Address,...</c>; <see cref="RbaPreset"/> is the layout of the public
/// RBA login dataset (Wiefling et al.). A plain edge stream <c>src,dst,time[,label]</c> reads as
/// <c>user=src,resource=dst,timestamp=time,label=label</c> (docs/evaluation.md, "Edge streams").
/// </summary>
public sealed record CsvColumnMap
{
    /// <summary>Fields a column can map to.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["timestamp", "user", "ip", "country", "region", "city", "asn", "user_agent", "browser", "os", "device_type", "outcome",
         "action", "resource", "session", "device_id", "attack_type", "attack_id", "attack_ip", "account_takeover", "label"];

    /// <summary>Label values that mean "not an attack" when no <see cref="LabelNormal"/> is given.</summary>
    public static IReadOnlyList<string> DefaultLabelNormal { get; } = ["", "-", "0", "false", "no", "normal", "benign"];

    /// <summary>Field -> column name.</summary>
    public required IReadOnlyDictionary<string, string> Columns { get; init; }

    /// <summary>
    /// Values of the <c>label</c> column that mark a normal row (compared ignoring case); null means
    /// <see cref="DefaultLabelNormal"/>. Any other value is an attack whose type is the value itself ("attack" for 1/true/yes).
    /// </summary>
    public IReadOnlyList<string>? LabelNormal { get; init; }

    /// <summary>
    /// When set, only these values of the <c>label</c> column mark an attack; a value in neither this list nor
    /// <see cref="LabelNormal"/> is a per-row error that names the label column, rather than a silent guess.
    /// </summary>
    public IReadOnlyList<string>? LabelAttack { get; init; }

    /// <summary>Unit of a numeric timestamp: milliseconds (the default), seconds or minutes since the epoch (or any origin).</summary>
    public CsvTimeUnit TimeUnit { get; init; } = CsvTimeUnit.Milliseconds;

    /// <summary>The RBA login dataset (Wiefling, Jørgensen, Thunem and Lo Iacono, 2022): every row a sign-in.</summary>
    public static CsvColumnMap RbaPreset { get; } = new()
    {
        Columns = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["timestamp"] = "Login Timestamp",
            ["user"] = "User ID",
            ["ip"] = "IP Address",
            ["country"] = "Country",
            ["region"] = "Region",
            ["city"] = "City",
            ["asn"] = "ASN",
            ["user_agent"] = "User Agent String",
            ["browser"] = "Browser Name and Version",
            ["os"] = "OS Name and Version",
            ["device_type"] = "Device Type",
            ["outcome"] = "Login Successful",
            ["attack_ip"] = "Is Attack IP",
            ["account_takeover"] = "Is Account Takeover",
        },
    };

    /// <summary>Parses <c>field=Column,field=Column</c>; every problem is reported.</summary>
    public static CsvColumnMap Parse(string text, out IReadOnlyList<string> errors)
    {
        var list = new List<string>();
        errors = list;
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string field = eq > 0 ? pair[..eq].Trim() : pair;
            if (eq <= 0 || eq == pair.Length - 1)
            {
                list.Add($"'{pair}': write field=Column Name.");
            }
            else if (!Fields.Contains(field, StringComparer.Ordinal))
            {
                list.Add($"'{field}' is not a field; use one of {string.Join(", ", Fields)}.");
            }
            else
            {
                columns[field] = pair[(eq + 1)..].Trim();
            }
        }

        foreach (string required in new[] { "timestamp", "user" })
        {
            if (!columns.ContainsKey(required))
            {
                list.Add($"the map has no '{required}' column; add {required}=<column name>.");
            }
        }

        return new CsvColumnMap { Columns = columns };
    }
}
