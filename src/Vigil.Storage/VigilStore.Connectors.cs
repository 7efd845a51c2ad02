namespace Vigil.Storage;

/// <summary>
/// Pull connectors' cursors (docs/connectors.md): where each connector resumes after a restart. A page's cursor is
/// saved in the journal transaction that holds the page's events (<see cref="Append"/>), so a crash keeps both or
/// neither: nothing is lost and nothing is journaled twice. A page with no event to journal saves its cursor alone.
/// </summary>
public sealed partial class VigilStore
{

    /// <summary>The cursor <paramref name="connector"/> saved last, or null when it never saved one.</summary>
    public string? GetConnectorCursor(string connector)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT cursor FROM connector_cursors WHERE name = $n");
        command.Parameters.AddWithValue("$n", connector);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Saves <paramref name="cursor"/> for <paramref name="connector"/> (on disk when this returns).</summary>
    public void SaveConnectorCursor(string connector, string cursor)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            UpsertCursor(null, connector, cursor, NowMs);
        }
    }

    // Under _writeGate.
    private void UpsertCursor(Microsoft.Data.Sqlite.SqliteTransaction? transaction, string connector, string cursor, long nowMs)
    {
        using var upsert = Command(_writer,
            "INSERT INTO connector_cursors(name, cursor, saved_ms) VALUES($n, $c, $t) ON CONFLICT(name) DO UPDATE SET cursor = excluded.cursor, saved_ms = excluded.saved_ms");
        upsert.Transaction = transaction;
        upsert.Parameters.AddWithValue("$n", connector);
        upsert.Parameters.AddWithValue("$c", cursor);
        upsert.Parameters.AddWithValue("$t", nowMs);
        upsert.ExecuteNonQuery();
    }
}
