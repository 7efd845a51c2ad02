using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Alerts (scored events at or above the service's alert level) and the incidents that group them (docs/alerts.md).
/// They are an index for analysts, not a record: the journal holds the events and the audit log the decisions, so
/// alerts are written in batches off the decision path without an fsync, and bounded by retention.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>An identity's alerts less than this far apart (event time) belong to one incident: two hours.</summary>
    public const long IncidentGapMs = 2 * 3_600_000L;

    /// <summary>Most rows one <see cref="PruneAlerts"/> call deletes, so a prune never holds the write lock for long.</summary>
    private const int PruneBatch = 5_000;


    private const string AlertColumns =
        "id, tenant, identity, event_id, decision_id, source, time_ms, score, level, reasons, incident_id, status, acted_by, acted_ms, features";

    private const string IncidentColumns = "id, tenant, identity, first_ms, last_ms, alerts, open_alerts, max_score";

    /// <summary>
    /// Stores alerts in one transaction (no fsync: an alert lost to a power cut is still in the journal and audit log),
    /// each joined to its identity's incident or starting one. An alert whose key is already stored is skipped.
    /// Returns how many were new.
    /// </summary>
    public int AppendAlerts(IReadOnlyList<AlertInsert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return 0;
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: false);
            long now = NowMs;
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer, """
                INSERT OR IGNORE INTO alerts(key, tenant, identity, event_id, decision_id, source, time_ms, created_ms, score, level, reasons, features, incident_id, status)
                VALUES($key, $tenant, $identity, $event, $decision, $source, $time, $created, $score, $level, $reasons, $features, 0, 'open') RETURNING id
                """, transaction);
            using var findIncident = Command(_writer,
                "SELECT id, first_ms, last_ms FROM incidents WHERE tenant = $tenant AND identity = $identity ORDER BY last_ms DESC LIMIT 1", transaction);
            using var growIncident = Command(_writer, """
                UPDATE incidents SET first_ms = min(first_ms, $time), last_ms = max(last_ms, $time), alerts = alerts + 1, open_alerts = open_alerts + 1,
                max_score = max(max_score, $score) WHERE id = $id
                """, transaction);
            using var newIncident = Command(_writer,
                "INSERT INTO incidents(tenant, identity, first_ms, last_ms, alerts, open_alerts, max_score) VALUES($tenant, $identity, $time, $time, 1, 1, $score) RETURNING id", transaction);
            using var join = Command(_writer, "UPDATE alerts SET incident_id = $incident WHERE id = $id", transaction);
            int added = 0;
            foreach (var a in alerts)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$key", a.Key);
                insert.Parameters.AddWithValue("$tenant", a.Tenant);
                insert.Parameters.AddWithValue("$identity", a.Identity);
                insert.Parameters.AddWithValue("$event", (object?)a.EventId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$decision", (object?)a.DecisionId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$source", a.Source);
                insert.Parameters.AddWithValue("$time", a.TimeMs);
                insert.Parameters.AddWithValue("$created", now);
                insert.Parameters.AddWithValue("$score", a.Score);
                insert.Parameters.AddWithValue("$level", a.Level);
                insert.Parameters.AddWithValue("$reasons", a.Reasons);
                insert.Parameters.AddWithValue("$features", a.Features);
                if (insert.ExecuteScalar() is not long id)
                {
                    continue; // already stored (a replayed event)
                }

                added++;
                long incident = 0;
                findIncident.Parameters.Clear();
                findIncident.Parameters.AddWithValue("$tenant", a.Tenant);
                findIncident.Parameters.AddWithValue("$identity", a.Identity);
                using (var reader = findIncident.ExecuteReader())
                {
                    if (reader.Read() && a.TimeMs >= reader.GetInt64(1) - IncidentGapMs && a.TimeMs <= reader.GetInt64(2) + IncidentGapMs)
                    {
                        incident = reader.GetInt64(0);
                    }
                }

                if (incident != 0)
                {
                    growIncident.Parameters.Clear();
                    growIncident.Parameters.AddWithValue("$time", a.TimeMs);
                    growIncident.Parameters.AddWithValue("$score", a.Score);
                    growIncident.Parameters.AddWithValue("$id", incident);
                    growIncident.ExecuteNonQuery();
                }
                else
                {
                    newIncident.Parameters.Clear();
                    newIncident.Parameters.AddWithValue("$tenant", a.Tenant);
                    newIncident.Parameters.AddWithValue("$identity", a.Identity);
                    newIncident.Parameters.AddWithValue("$time", a.TimeMs);
                    newIncident.Parameters.AddWithValue("$score", a.Score);
                    incident = (long)newIncident.ExecuteScalar()!;
                }

                join.Parameters.Clear();
                join.Parameters.AddWithValue("$incident", incident);
                join.Parameters.AddWithValue("$id", id);
                join.ExecuteNonQuery();
            }

            transaction.Commit();
            return added;
        }
    }

    /// <summary>
    /// Deletes alerts stored before <paramref name="createdBeforeMs"/> and the oldest beyond <paramref name="maxAlerts"/>,
    /// at most <see cref="PruneBatch"/> per call, and keeps the incidents they belonged to consistent (an incident with no
    /// alert left goes). Returns how many alerts were deleted; call again while it returns the batch size.
    /// </summary>
    public int PruneAlerts(long createdBeforeMs, long maxAlerts)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long through = 0;
            using (var oldest = Command(_writer, "SELECT id, created_ms FROM alerts ORDER BY id LIMIT 1 OFFSET $skip"))
            {
                // Ids grow with storage time, so the expired ones are a prefix of the id order: find its end cheaply.
                oldest.Parameters.AddWithValue("$skip", PruneBatch - 1);
                using var reader = oldest.ExecuteReader();
                long batchEnd = reader.Read() ? reader.GetInt64(0) : long.MaxValue;
                through = ExpiredThrough(createdBeforeMs, batchEnd);
            }

            long count = ScalarLong(_writer, "SELECT count(*) FROM alerts");
            if (count > maxAlerts)
            {
                using var cap = Command(_writer, "SELECT id FROM alerts ORDER BY id LIMIT 1 OFFSET $skip");
                cap.Parameters.AddWithValue("$skip", Math.Min(count - maxAlerts, PruneBatch) - 1);
                through = Math.Max(through, Convert.ToInt64(cap.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture));
            }

            if (through == 0)
            {
                return 0;
            }

            Sync(full: false);
            using var transaction = _writer.BeginTransaction();
            var incidents = new List<long>();
            using (var touched = Command(_writer, "SELECT DISTINCT incident_id FROM alerts WHERE id <= $through", transaction))
            {
                touched.Parameters.AddWithValue("$through", through);
                using var reader = touched.ExecuteReader();
                while (reader.Read())
                {
                    incidents.Add(reader.GetInt64(0));
                }
            }

            int deleted;
            using (var delete = Command(_writer, "DELETE FROM alerts WHERE id <= $through", transaction))
            {
                delete.Parameters.AddWithValue("$through", through);
                deleted = delete.ExecuteNonQuery();
            }

            using var recount = Command(_writer, """
                UPDATE incidents SET alerts = (SELECT count(*) FROM alerts WHERE incident_id = $id),
                open_alerts = (SELECT count(*) FROM alerts WHERE incident_id = $id AND status = 'open') WHERE id = $id
                """, transaction);
            using var empty = Command(_writer, "DELETE FROM incidents WHERE id = $id AND alerts = 0", transaction);
            foreach (long id in incidents)
            {
                recount.Parameters.Clear();
                recount.Parameters.AddWithValue("$id", id);
                recount.ExecuteNonQuery();
                empty.Parameters.Clear();
                empty.Parameters.AddWithValue("$id", id);
                empty.ExecuteNonQuery();
            }

            transaction.Commit();
            return deleted;
        }

        long ExpiredThrough(long before, long batchEnd)
        {
            using var last = Command(_writer, "SELECT max(id) FROM alerts WHERE id <= $end AND created_ms < $before");
            last.Parameters.AddWithValue("$end", batchEnd);
            last.Parameters.AddWithValue("$before", before);
            return last.ExecuteScalar() is long id ? id : 0;
        }
    }

    /// <summary>One alert, or null.</summary>
    public AlertRecord? ReadAlert(long id)
    {
        using var connection = OpenReader();
        using var command = Command(connection, $"SELECT {AlertColumns} FROM alerts WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadAlertRow(reader) : null;
    }

    /// <summary>Alerts matching <paramref name="filter"/>, newest (highest id) first.</summary>
    public IReadOnlyList<AlertRecord> ReadAlerts(AlertFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        Where(command, where, filter, "time_ms");
        AddIn(command, where, "level", filter.Levels);
        AddIn(command, where, "status", filter.Statuses);
        if (filter.IncidentId is { } incident)
        {
            where.Append(" AND incident_id = $incident");
            command.Parameters.AddWithValue("$incident", incident);
        }

        command.CommandText = $"SELECT {AlertColumns} FROM alerts WHERE {where} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", filter.Limit);
        using var reader = command.ExecuteReader();
        var alerts = new List<AlertRecord>();
        while (reader.Read())
        {
            alerts.Add(ReadAlertRow(reader));
        }

        return alerts;
    }

    /// <summary>One incident, or null.</summary>
    public IncidentRecord? ReadIncident(long id)
    {
        using var connection = OpenReader();
        using var command = Command(connection, $"SELECT {IncidentColumns} FROM incidents WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadIncidentRow(reader) : null;
    }

    /// <summary>
    /// Incidents matching <paramref name="filter"/> (tenant, identity, time overlap, cursor; <see cref="AlertFilter.Statuses"/>
    /// as open or resolved), newest (highest id) first.
    /// </summary>
    public IReadOnlyList<IncidentRecord> ReadIncidents(AlertFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        Where(command, where, filter, null);
        if (filter.SinceMs is { } since)
        {
            where.Append(" AND last_ms >= $since");
            command.Parameters.AddWithValue("$since", since);
        }

        if (filter.UntilMs is { } until)
        {
            where.Append(" AND first_ms < $until");
            command.Parameters.AddWithValue("$until", until);
        }

        bool open = filter.Statuses.Contains("open"), resolved = filter.Statuses.Contains("resolved");
        if (open != resolved)
        {
            where.Append(open ? " AND open_alerts > 0" : " AND open_alerts = 0");
        }

        command.CommandText = $"SELECT {IncidentColumns} FROM incidents WHERE {where} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", filter.Limit);
        using var reader = command.ExecuteReader();
        var incidents = new List<IncidentRecord>();
        while (reader.Read())
        {
            incidents.Add(ReadIncidentRow(reader));
        }

        return incidents;
    }

    /// <summary>
    /// Sets the status of alert <paramref name="id"/> (and, with <paramref name="wholeIncident"/>, of every other open
    /// alert of its incident) and recounts the incident's open alerts. Returns the ids whose status changed.
    /// </summary>
    public IReadOnlyList<long> SetAlertStatus(long id, string status, string actor, long timeMs, bool wholeIncident)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            var changed = new List<long>();
            using (var update = Command(_writer, wholeIncident
                ? """
                  UPDATE alerts SET status = $status, acted_by = $actor, acted_ms = $time
                  WHERE status <> $status AND (id = $id OR (status = 'open' AND incident_id = (SELECT incident_id FROM alerts WHERE id = $id))) RETURNING id
                  """
                : "UPDATE alerts SET status = $status, acted_by = $actor, acted_ms = $time WHERE id = $id AND status <> $status RETURNING id", transaction))
            {
                update.Parameters.AddWithValue("$status", status);
                update.Parameters.AddWithValue("$actor", actor);
                update.Parameters.AddWithValue("$time", timeMs);
                update.Parameters.AddWithValue("$id", id);
                using var reader = update.ExecuteReader();
                while (reader.Read())
                {
                    changed.Add(reader.GetInt64(0));
                }
            }

            using (var recount = Command(_writer, """
                UPDATE incidents SET open_alerts = (SELECT count(*) FROM alerts WHERE incident_id = incidents.id AND status = 'open')
                WHERE id = (SELECT incident_id FROM alerts WHERE id = $id)
                """, transaction))
            {
                recount.Parameters.AddWithValue("$id", id);
                recount.ExecuteNonQuery();
            }

            transaction.Commit();
            changed.Sort();
            return changed;
        }
    }

    private static void Where(SqliteCommand command, StringBuilder where, AlertFilter filter, string? timeColumn)
    {
        if (filter.Tenant is not null)
        {
            where.Append(" AND tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", filter.Tenant);
        }

        if (filter.Identity is not null)
        {
            where.Append(" AND identity = $identity");
            command.Parameters.AddWithValue("$identity", filter.Identity);
        }

        if (filter.BeforeId is { } before)
        {
            where.Append(" AND id < $before");
            command.Parameters.AddWithValue("$before", before);
        }

        if (timeColumn is not null && filter.SinceMs is { } since)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {timeColumn} >= $since");
            command.Parameters.AddWithValue("$since", since);
        }

        if (timeColumn is not null && filter.UntilMs is { } until)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {timeColumn} < $until");
            command.Parameters.AddWithValue("$until", until);
        }
    }

    private static void AddIn(SqliteCommand command, StringBuilder where, string column, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        where.Append(CultureInfo.InvariantCulture, $" AND {column} IN (");
        for (int i = 0; i < values.Count; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"${column}{i}");
            where.Append(i == 0 ? name : "," + name);
            command.Parameters.AddWithValue(name, values[i]);
        }

        where.Append(')');
    }

    private static AlertRecord ReadAlertRow(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetString(5), r.GetInt64(6), r.GetInt32(7), r.GetString(8),
        r.GetString(9), r.GetInt64(10), r.GetString(11), NullableString(r, 12), r.IsDBNull(13) ? null : r.GetInt64(13), (byte[])r.GetValue(14));

    private static IncidentRecord ReadIncidentRow(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7));
}
