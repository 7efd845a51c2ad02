namespace Vigil.Storage;

/// <summary>
/// The ids the service knows, for AuthZEN search: subjects from the journal and the audit log, resources and
/// actions from the decision records. Sorted, paged by the last id returned. Scans the tables (indexes cover
/// subjects only): meant for administration-sized answers, not for the hot path.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>Known subject ids after <paramref name="after"/> (ordinal order), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> KnownSubjects(string? after, int max) => Strings(
        "SELECT s FROM (SELECT subject AS s FROM journal WHERE subject IS NOT NULL UNION SELECT subject FROM audit WHERE subject IS NOT NULL) WHERE s > $after ORDER BY s LIMIT $max",
        after, max, null);

    /// <summary>Known resource ids of <paramref name="type"/> seen in decisions, after <paramref name="after"/>.</summary>
    public IReadOnlyList<string> KnownResources(string type, string? after, int max) => Strings(
        "SELECT DISTINCT json_extract(record, '$.resource_id') AS r FROM audit WHERE json_extract(record, '$.resource_type') = $type AND r > $after ORDER BY r LIMIT $max",
        after, max, type);

    /// <summary>Known action names seen in decisions, after <paramref name="after"/>.</summary>
    public IReadOnlyList<string> KnownActions(string? after, int max) => Strings(
        "SELECT DISTINCT json_extract(record, '$.action') AS a FROM audit WHERE a > $after ORDER BY a LIMIT $max",
        after, max, null);

    private List<string> Strings(string sql, string? after, int max, string? type)
    {
        using var connection = OpenReader();
        using var command = Command(connection, sql);
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$max", max);
        command.Parameters.AddWithValue("$type", (object?)type ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                values.Add(reader.GetString(0));
            }
        }

        return values;
    }
}
