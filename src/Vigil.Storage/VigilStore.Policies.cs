namespace Vigil.Storage;

/// <summary>Versioned policy documents: every replacement and rollback adds a version; nothing is overwritten.</summary>
public sealed partial class VigilStore
{
    /// <summary>Stores <paramref name="document"/> as the next version and returns it.</summary>
    public PolicyVersion SavePolicy(string document, string author, string? comment)
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
            transaction.Commit();
            return new PolicyVersion(version, document, author, now, comment);
        }
    }

    /// <summary>Version <paramref name="version"/>, or the current one when null; null when there is none.</summary>
    public PolicyVersion? GetPolicy(long? version = null)
    {
        using var connection = OpenReader();
        using var command = Command(connection, version is null
            ? "SELECT version, document, author, created_ms, comment FROM policies ORDER BY version DESC LIMIT 1"
            : "SELECT version, document, author, created_ms, comment FROM policies WHERE version = $v");
        command.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new PolicyVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), NullableString(reader, 4)) : null;
    }

    /// <summary>All versions, newest first, without their documents' text (empty strings) to keep the listing small.</summary>
    public IReadOnlyList<PolicyVersion> PolicyHistory(int max = 100)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT version, author, created_ms, comment FROM policies ORDER BY version DESC LIMIT $max");
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var versions = new List<PolicyVersion>();
        while (reader.Read())
        {
            versions.Add(new PolicyVersion(reader.GetInt64(0), string.Empty, reader.GetString(1), reader.GetInt64(2), NullableString(reader, 3)));
        }

        return versions;
    }
}
