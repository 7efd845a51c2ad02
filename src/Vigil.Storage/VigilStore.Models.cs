using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Supervised models, versioned (docs/supervised.md, "Lifecycle"): every model added is kept with its bytes; which one
/// is in force is the last row of an append-only change log, each row remembering what was in force before it, so
/// <see cref="RollbackModel"/> steps back through promotions one at a time. The newest model never in force is the
/// shadow. The tables are created on first use: a service that never stores a model never has them.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>Largest model accepted, bytes (the starter model is 28 KB).</summary>
    public const int MaxModelBytes = 64 * 1024 * 1024;


    /// <summary>Stores <paramref name="model"/> as the next version (it becomes the shadow) and returns its version.</summary>
    public long AddModel(string name, byte[] model, string author, string? comment)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(author);
        if (model.Length is 0 or > MaxModelBytes)
        {
            throw new ArgumentException($"A model must have 1 to {MaxModelBytes} bytes; this one has {model.Length}.", nameof(model));
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var insert = Command(_writer,
                "INSERT INTO models(version, name, data, created_ms, author, comment) VALUES((SELECT COALESCE(MAX(version), 0) + 1 FROM models), $n, $d, $t, $a, $c) RETURNING version");
            insert.Parameters.AddWithValue("$n", name);
            insert.Parameters.Add("$d", SqliteType.Blob).Value = model;
            insert.Parameters.AddWithValue("$t", NowMs);
            insert.Parameters.AddWithValue("$a", author);
            insert.Parameters.AddWithValue("$c", (object?)comment ?? DBNull.Value);
            return (long)insert.ExecuteScalar()!;
        }
    }

    /// <summary>The bytes of model <paramref name="version"/>, or null when there is no such version.</summary>
    public byte[]? GetModel(long version)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT data FROM models WHERE version = $v");
        command.Parameters.AddWithValue("$v", version);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>The version in force, or null when none has been promoted (or the last was rolled back to none).</summary>
    public long? ModelInForce()
    {
        using var connection = OpenReader();
        return LastChange(connection)?.Version;
    }

    /// <summary>The shadow: the newest version never in force, newer than the one in force; null when there is none.</summary>
    public long? ModelInShadow()
    {
        using var connection = OpenReader();
        using var command = Command(connection,
            "SELECT MAX(version) FROM models WHERE version NOT IN (SELECT version FROM model_changes WHERE version IS NOT NULL) AND version > COALESCE((SELECT version FROM model_changes ORDER BY id DESC LIMIT 1), 0)");
        return command.ExecuteScalar() is long v ? v : null;
    }

    /// <summary>All versions, newest first, with their status.</summary>
    public IReadOnlyList<ModelRecord> ModelHistory(int max = 100)
    {
        long? inForce = ModelInForce();
        long? shadow = ModelInShadow();
        using var connection = OpenReader();
        using var command = Command(connection,
            "SELECT version, name, created_ms, author, comment, version IN (SELECT version FROM model_changes WHERE version IS NOT NULL) FROM models ORDER BY version DESC LIMIT $max");
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var list = new List<ModelRecord>();
        while (reader.Read())
        {
            long version = reader.GetInt64(0);
            string status = version == inForce ? "in force" : version == shadow ? "shadow" : reader.GetBoolean(5) ? "retired" : "candidate";
            list.Add(new ModelRecord(version, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), NullableString(reader, 4), status));
        }

        return list;
    }

    /// <summary>Puts <paramref name="version"/> in force. Throws <see cref="ArgumentException"/> when there is no such version.</summary>
    public void PromoteModel(long version, string author, string? comment)
    {
        ArgumentNullException.ThrowIfNull(author);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            using var exists = Command(_writer, "SELECT COUNT(*) FROM models WHERE version = $v", transaction);
            exists.Parameters.AddWithValue("$v", version);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                throw new ArgumentException($"There is no model version {version}.", nameof(version));
            }

            var last = LastChange(_writer, transaction);
            AppendChange(transaction, "promote", version, last?.Version, author, comment);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Puts back the version that was in force before the current one (none when the first promotion is undone);
    /// returns the version now in force, or null. Throws <see cref="InvalidOperationException"/> when nothing is in force.
    /// </summary>
    public long? RollbackModel(string author, string? comment)
    {
        ArgumentNullException.ThrowIfNull(author);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            var last = LastChange(_writer, transaction);
            if (last?.Version is null)
            {
                throw new InvalidOperationException("No model is in force: there is nothing to roll back.");
            }

            long? target = last.Value.Previous;
            // What was in force before the target, when the target was last put in force: so a second rollback steps back again.
            long? beforeTarget = null;
            if (target is not null)
            {
                using var find = Command(_writer, "SELECT previous FROM model_changes WHERE version = $v AND id < $id ORDER BY id DESC LIMIT 1", transaction);
                find.Parameters.AddWithValue("$v", target);
                find.Parameters.AddWithValue("$id", last.Value.Id);
                beforeTarget = find.ExecuteScalar() is long p ? p : null;
            }

            AppendChange(transaction, "rollback", target, beforeTarget, author, comment);
            transaction.Commit();
            return target;
        }
    }

    private void AppendChange(SqliteTransaction transaction, string action, long? version, long? previous, string author, string? comment)
    {
        using var insert = Command(_writer,
            "INSERT INTO model_changes(action, version, previous, changed_ms, author, comment) VALUES($x, $v, $p, $t, $a, $c)", transaction);
        insert.Parameters.AddWithValue("$x", action);
        insert.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
        insert.Parameters.AddWithValue("$p", (object?)previous ?? DBNull.Value);
        insert.Parameters.AddWithValue("$t", NowMs);
        insert.Parameters.AddWithValue("$a", author);
        insert.Parameters.AddWithValue("$c", (object?)comment ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private static (long Id, long? Version, long? Previous)? LastChange(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, "SELECT id, version, previous FROM model_changes ORDER BY id DESC LIMIT 1", transaction);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2))
            : null;
    }
}
