using Vigil.Lab.Datasets;

namespace Vigil.Cli.Commands;

/// <summary>The CSV options of <c>vigil evaluate</c> as given, turned into one <see cref="CsvColumnMap"/> with every error named.</summary>
internal sealed record CsvOptions(string? Preset, string? CsvMap, string[]? LabelNormal, string[]? LabelAttack, string? TimeUnit)
{
    /// <summary>The map, or null for NDJSON input; problems are added to <paramref name="errors"/>, each naming its option.</summary>
    public CsvColumnMap? ToMap(List<string> errors)
    {
        CsvColumnMap? map = null;
        if (Preset is not null && CsvMap is not null)
        {
            errors.Add("--preset and --csv-map: give one of them.");
        }
        else if (Preset is not null)
        {
            map = Preset == "rba" ? CsvColumnMap.RbaPreset : null;
            if (map is null)
            {
                errors.Add($"--preset '{Preset}': the only preset is rba.");
            }
        }
        else if (CsvMap is not null)
        {
            map = CsvColumnMap.Parse(CsvMap, out var mapErrors);
            errors.AddRange(mapErrors.Select(e => "--csv-map: " + e));
        }

        bool labels = LabelNormal is { Length: > 0 } || LabelAttack is { Length: > 0 };
        if (labels && map?.Columns.ContainsKey("label") != true)
        {
            errors.Add("--label-normal/--label-attack: the CSV map has no label column; add label=<column name> to --csv-map.");
        }

        CsvTimeUnit unit = CsvTimeUnit.Milliseconds;
        switch (TimeUnit)
        {
            case null or "ms":
                break;
            case "s":
                unit = CsvTimeUnit.Seconds;
                break;
            case "min":
                unit = CsvTimeUnit.Minutes;
                break;
            default:
                errors.Add($"--time-unit '{TimeUnit}': use ms, s or min.");
                break;
        }

        if (TimeUnit is not null && map is null)
        {
            errors.Add("--time-unit: applies to CSV input only; add --csv-map.");
        }

        if (map is null)
        {
            return null;
        }

        var overlap = (LabelNormal ?? []).Intersect(LabelAttack ?? [], StringComparer.OrdinalIgnoreCase).ToArray();
        if (overlap.Length > 0)
        {
            errors.Add($"--label-normal and --label-attack: '{string.Join("', '", overlap)}' is given as both.");
        }

        return map with
        {
            LabelNormal = LabelNormal is { Length: > 0 } ? LabelNormal : null,
            LabelAttack = LabelAttack is { Length: > 0 } ? LabelAttack : null,
            TimeUnit = unit,
        };
    }
}
