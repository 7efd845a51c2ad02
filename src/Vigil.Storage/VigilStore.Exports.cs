namespace Vigil.Storage;

/// <summary>
/// What the SIEM exports read beside the audit log (docs/connectors.md, "SIEM export"): alerts in the order they were
/// stored, and identities' risk band crossings, kept here so an export can send them at least once across restarts.
/// Each is read after an id the export saved (keyset paging): a writer commits its ids in order under the write lock,
/// so a reader never sees an id before a smaller one and a cursor never skips a row.
/// </summary>
public sealed partial class VigilStore
{

    /// <summary>Alerts stored after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<AlertRecord> ReadAlertsAfter(long afterId, int limit)
    {
        using var connection = OpenReader();
        using var command = Command(connection, $"SELECT {AlertColumns} FROM alerts WHERE id > $after ORDER BY id LIMIT $limit");
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var alerts = new List<AlertRecord>();
        while (reader.Read())
        {
            alerts.Add(ReadAlertRow(reader));
        }

        return alerts;
    }

    /// <summary>
    /// Stores risk band crossings in one transaction (no fsync, as for alerts: a crossing lost to a power cut is a
    /// notification missed, not a record; the journal still holds the events). Then deletes the oldest beyond
    /// <paramref name="maxRows"/>, so the table stays bounded when no export reads it for a long time.
    /// </summary>
    public void AppendRiskChanges(IReadOnlyList<RiskChangeInsert> changes, long maxRows)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: false);
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer,
                "INSERT INTO risk_changes(tenant, identity, previous, current, reason, time_ms) VALUES($tenant, $identity, $previous, $current, $reason, $time)", transaction);
            foreach (var c in changes)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$tenant", c.Tenant);
                insert.Parameters.AddWithValue("$identity", c.Identity);
                insert.Parameters.AddWithValue("$previous", c.Previous);
                insert.Parameters.AddWithValue("$current", c.Current);
                insert.Parameters.AddWithValue("$reason", (object?)c.ReasonCode ?? DBNull.Value);
                insert.Parameters.AddWithValue("$time", c.TimeMs);
                insert.ExecuteNonQuery();
            }

            using var prune = Command(_writer, "DELETE FROM risk_changes WHERE id <= (SELECT max(id) FROM risk_changes) - $keep", transaction);
            prune.Parameters.AddWithValue("$keep", maxRows);
            prune.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>Risk band crossings stored after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RiskChangeRecord> ReadRiskChanges(long afterId, int limit)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT id, tenant, identity, previous, current, reason, time_ms FROM risk_changes WHERE id > $after ORDER BY id LIMIT $limit");
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var changes = new List<RiskChangeRecord>();
        while (reader.Read())
        {
            changes.Add(new RiskChangeRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6)));
        }

        return changes;
    }
}
