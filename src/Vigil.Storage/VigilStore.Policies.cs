using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Versioned policies: every replacement of the rules or of the data, and every rollback, adds a version; nothing is
/// overwritten. A version is a rules document (<c>policies</c>) plus, optionally, a data document (<c>policy_data</c>,
/// same version number), so one version number names exactly what decided. The data table was added later: databases
/// from before it gain the empty table when opened, and their versions simply have no data.
/// </summary>
public sealed partial class VigilStore
{
    private const string SelectVersion =
        "SELECT p.version, p.document, p.author, p.created_ms, p.comment, d.document FROM policies p LEFT JOIN policy_data d ON d.version = p.version";

    /// <summary>
    /// Stores <paramref name="document"/> as the next version with the current version's data carried forward (in the
    /// same transaction, so a concurrent data change cannot be lost), and returns it.
    /// </summary>
    public PolicyVersion SavePolicy(string document, string author, string? comment) => Insert(document, null, carryData: true, author, comment);

    /// <summary>Stores the pair <paramref name="document"/> and <paramref name="data"/> (null: no data) as the next version and returns it.</summary>
    public PolicyVersion SavePolicyVersion(string document, string? data, string author, string? comment) => Insert(document, data, carryData: false, author, comment);

    /// <summary>Version <paramref name="version"/>, or the current one when null; null when there is none.</summary>
    public PolicyVersion? GetPolicy(long? version = null)
    {
        using var connection = OpenReader();
        using var command = Command(connection, version is null ? SelectVersion + " ORDER BY p.version DESC LIMIT 1" : SelectVersion + " WHERE p.version = $v");
        command.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new PolicyVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), NullableString(reader, 4), NullableString(reader, 5))
            : null;
    }

    /// <summary>
    /// All versions, newest first, without their documents' text to keep the listing small: <see cref="PolicyVersion.Document"/>
    /// is empty, and <see cref="PolicyVersion.Data"/> is empty when the version has data, null when it has none.
    /// </summary>
    public IReadOnlyList<PolicyVersion> PolicyHistory(int max = 100)
    {
        using var connection = OpenReader();
        using var command = Command(connection,
            "SELECT p.version, p.author, p.created_ms, p.comment, d.version IS NOT NULL FROM policies p LEFT JOIN policy_data d ON d.version = p.version ORDER BY p.version DESC LIMIT $max");
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var versions = new List<PolicyVersion>();
        while (reader.Read())
        {
            versions.Add(new PolicyVersion(reader.GetInt64(0), string.Empty, reader.GetString(1), reader.GetInt64(2), NullableString(reader, 3),
                reader.GetBoolean(4) ? string.Empty : null));
        }

        return versions;
    }

    private PolicyVersion Insert(string document, string? data, bool carryData, string author, string? comment)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(author);
        long now = NowMs;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer,
                "INSERT INTO policies(version, document, author, created_ms, comment) VALUES((SELECT COALESCE(MAX(version), 0) + 1 FROM policies), $d, $a, $t, $c) RETURNING version",
                transaction);
            insert.Parameters.AddWithValue("$d", document);
            insert.Parameters.AddWithValue("$a", author);
            insert.Parameters.AddWithValue("$t", now);
            insert.Parameters.AddWithValue("$c", (object?)comment ?? DBNull.Value);
            long version = (long)insert.ExecuteScalar()!;
            using var withData = Command(_writer, carryData
                ? "INSERT INTO policy_data(version, document) SELECT $v, document FROM policy_data WHERE version = $v - 1 RETURNING document"
                : "INSERT INTO policy_data(version, document) SELECT $v, $data WHERE $data IS NOT NULL RETURNING document",
                transaction);
            withData.Parameters.AddWithValue("$v", version);
            withData.Parameters.Add("$data", SqliteType.Text).Value = (object?)data ?? DBNull.Value;
            data = withData.ExecuteScalar() as string;
            transaction.Commit();
            return new PolicyVersion(version, document, author, now, comment, data);
        }
    }
}
