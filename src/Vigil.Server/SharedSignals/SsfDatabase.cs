using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The transmitter's own SQLite file (ssf.db in the data directory): signing keys, streams, subject exclusions and the
/// outbox of SETs not yet delivered or acknowledged. Kept apart from the engine's store so that neither schema nor
/// write lock is shared with the decision path. One connection under a lock: the traffic is management calls and
/// SETs, a few per second, and synchronous=FULL makes an accepted SET survive a crash (the durable outbox).
/// </summary>
internal sealed class SsfDatabase : IDisposable
{
    public const string FileName = "ssf.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>Every stream, read once and dropped on any change: the engine watcher asks on every learned event whether any stream wants its events.</summary>
    private volatile List<SsfStream>? _allStreams;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ssf_keys(kid TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, retired_ms INTEGER, pkcs8 BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS ssf_streams(
            stream_id TEXT PRIMARY KEY, owner TEXT NOT NULL, aud TEXT NOT NULL, method TEXT NOT NULL, endpoint_url TEXT,
            authorization_header TEXT, events_requested TEXT NOT NULL, description TEXT, status TEXT NOT NULL, reason TEXT,
            created_ms INTEGER NOT NULL, tenant TEXT);
        CREATE INDEX IF NOT EXISTS ssf_streams_owner ON ssf_streams(owner);
        CREATE TABLE IF NOT EXISTS ssf_excluded(stream_id TEXT NOT NULL, subject TEXT NOT NULL, PRIMARY KEY(stream_id, subject));
        CREATE TABLE IF NOT EXISTS ssf_outbox(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, jti TEXT NOT NULL, token TEXT NOT NULL,
            control INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_ms INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ssf_outbox_stream ON ssf_outbox(stream_id, seq);
        """;

    private SsfDatabase(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        _connection.Execute(Schema);
    }

    public string Path { get; }

    public static SsfDatabase Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SsfDatabase(System.IO.Path.Combine(dataDirectory, FileName));
    }

    // ---- keys

    public List<StoredKey> Keys()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT kid, created_ms, retired_ms, pkcs8 FROM ssf_keys ORDER BY created_ms");
            using var reader = command.ExecuteReader();
            var keys = new List<StoredKey>();
            while (reader.Read())
            {
                keys.Add(new StoredKey(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), (byte[])reader[3]));
            }

            return keys;
        }
    }

    public void AddKey(StoredKey key)
    {
        lock (_gate)
        {
            using var command = _connection.Command("INSERT INTO ssf_keys(kid, created_ms, retired_ms, pkcs8) VALUES ($kid, $created, $retired, $pkcs8)",
                ("$kid", key.Kid), ("$created", key.CreatedMs), ("$retired", key.RetiredMs), ("$pkcs8", key.Pkcs8));
            command.ExecuteNonQuery();
        }
    }

    public void RetireKey(string kid, long retiredMs) =>
        Run("UPDATE ssf_keys SET retired_ms = $retired WHERE kid = $kid AND retired_ms IS NULL", ("$kid", kid), ("$retired", retiredMs));

    public void DeleteKey(string kid) => Run("DELETE FROM ssf_keys WHERE kid = $kid", ("$kid", kid));

    // ---- streams

    public void SaveStream(SsfStream s)
    {
        Run("""
        INSERT OR REPLACE INTO ssf_streams(stream_id, owner, aud, method, endpoint_url, authorization_header, events_requested, description, status, reason, created_ms, tenant)
        VALUES ($id, $owner, $aud, $method, $url, $auth, $events, $description, $status, $reason, $created, $tenant)
        """,
        ("$id", s.StreamId), ("$owner", s.Owner), ("$aud", s.Audience), ("$method", s.Method), ("$url", s.EndpointUrl), ("$auth", s.AuthorizationHeader),
        ("$events", JsonSerializer.Serialize(s.EventsRequested, SsfJsonContext.Default.IReadOnlyListString)), ("$description", s.Description),
        ("$status", s.Status), ("$reason", s.Reason), ("$created", s.CreatedMs), ("$tenant", s.Tenant));
        _allStreams = null;
    }

    public SsfStream? FindStream(string streamId) => ReadStreams("WHERE stream_id = $p", streamId).FirstOrDefault();

    public List<SsfStream> StreamsOf(string owner) => ReadStreams("WHERE owner = $p ORDER BY created_ms, stream_id", owner);

    /// <summary>Every stream, oldest first; the same list until a stream changes (do not modify it).</summary>
    public IReadOnlyList<SsfStream> AllStreams()
    {
        if (_allStreams is { } cached)
        {
            return cached;
        }

        // Filled under the lock writers hold, and dropped by them after their commit: never a list older than a write.
        lock (_gate)
        {
            return _allStreams ??= ReadStreams("ORDER BY created_ms, stream_id", null);
        }
    }

    public long CountStreams(string? owner)
    {
        lock (_gate)
        {
            using var command = owner is null ? _connection.Command("SELECT count(*) FROM ssf_streams") : _connection.Command("SELECT count(*) FROM ssf_streams WHERE owner = $owner", ("$owner", owner));
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Deletes the stream with its subjects and its queued SETs, in one transaction.</summary>
    public bool DeleteStream(string streamId)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            int removed;
            using (var command = _connection.Command("DELETE FROM ssf_streams WHERE stream_id = $id", ("$id", streamId)))
            {
                removed = command.ExecuteNonQuery();
            }

            using (var command = _connection.Command("DELETE FROM ssf_excluded WHERE stream_id = $id; DELETE FROM ssf_outbox WHERE stream_id = $id", ("$id", streamId)))
            {
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            _allStreams = null;
            return removed > 0;
        }
    }

    private List<SsfStream> ReadStreams(string where, string? parameter)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT stream_id, owner, aud, method, endpoint_url, authorization_header, events_requested, description, status, reason, created_ms, tenant FROM ssf_streams " + where,
                ("$p", parameter));
            using var reader = command.ExecuteReader();
            var streams = new List<SsfStream>();
            while (reader.Read())
            {
                streams.Add(new SsfStream(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), NullableText(reader, 4), NullableText(reader, 5),
                    JsonSerializer.Deserialize(reader.GetString(6), SsfJsonContext.Default.IReadOnlyListString) ?? [], NullableText(reader, 7),
                    reader.GetString(8), NullableText(reader, 9), reader.GetInt64(10), NullableText(reader, 11)));
            }

            return streams;
        }
    }

    private static string? NullableText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // ---- subjects

    /// <summary>Marks a subject (its canonical key) removed from, or added back to, a stream. False when the stream already lists its most.</summary>
    public bool SetExcluded(string streamId, string subject, bool excluded, int maxPerStream)
    {
        lock (_gate)
        {
            if (!excluded)
            {
                using var delete = _connection.Command("DELETE FROM ssf_excluded WHERE stream_id = $id AND subject = $subject", ("$id", streamId), ("$subject", subject));
                delete.ExecuteNonQuery();
                return true;
            }

            using (var count = _connection.Command("SELECT count(*) FROM ssf_excluded WHERE stream_id = $id", ("$id", streamId)))
            {
                if ((long)count.ExecuteScalar()! >= maxPerStream)
                {
                    return false;
                }
            }

            using var insert = _connection.Command("INSERT OR IGNORE INTO ssf_excluded(stream_id, subject) VALUES ($id, $subject)", ("$id", streamId), ("$subject", subject));
            insert.ExecuteNonQuery();
            return true;
        }
    }

    public bool IsExcluded(string streamId, string subject)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT 1 FROM ssf_excluded WHERE stream_id = $id AND subject = $subject", ("$id", streamId), ("$subject", subject));
            return command.ExecuteScalar() is not null;
        }
    }

    // ---- outbox

    /// <summary>Queues a SET for a stream; false (nothing queued) when the stream already holds <paramref name="maxQueued"/>.</summary>
    public bool Enqueue(string streamId, string jti, string token, bool control, int maxQueued)
    {
        lock (_gate)
        {
            using (var count = _connection.Command("SELECT count(*) FROM ssf_outbox WHERE stream_id = $id", ("$id", streamId)))
            {
                if ((long)count.ExecuteScalar()! >= maxQueued)
                {
                    return false;
                }
            }

            using var insert = _connection.Command("INSERT INTO ssf_outbox(stream_id, jti, token, control) VALUES ($id, $jti, $token, $control)",
                ("$id", streamId), ("$jti", jti), ("$token", token), ("$control", control ? 1 : 0));
            insert.ExecuteNonQuery();
            return true;
        }
    }

    /// <summary>The oldest queued SETs of a stream, in order; only control events when <paramref name="controlOnly"/> (a paused stream).</summary>
    public List<QueuedSet> Queued(string streamId, int limit, bool controlOnly)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT seq, jti, token, attempts FROM ssf_outbox WHERE stream_id = $id" + (controlOnly ? " AND control = 1" : "") + " ORDER BY seq LIMIT $limit",
                ("$id", streamId), ("$limit", limit));
            using var reader = command.ExecuteReader();
            var sets = new List<QueuedSet>();
            while (reader.Read())
            {
                sets.Add(new QueuedSet(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }

            return sets;
        }
    }

    /// <summary>When the head of a stream's push queue may next be tried (Unix ms; 0 = now), or null when nothing is queued.</summary>
    public long? NextAttempt(string streamId, bool controlOnly)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT next_ms FROM ssf_outbox WHERE stream_id = $id" + (controlOnly ? " AND control = 1" : "") + " ORDER BY seq LIMIT 1", ("$id", streamId));
            return command.ExecuteScalar() is long next ? next : null;
        }
    }

    public void Delivered(long sequence) => Run("DELETE FROM ssf_outbox WHERE seq = $seq", ("$seq", sequence));

    public void Failed(long sequence, int attempts, long nextMs) =>
        Run("UPDATE ssf_outbox SET attempts = $attempts, next_ms = $next WHERE seq = $seq", ("$seq", sequence), ("$attempts", attempts), ("$next", nextMs));

    /// <summary>Removes acknowledged SETs of a stream (RFC 8936 section 2.4); returns how many were there.</summary>
    public int Acknowledge(string streamId, IEnumerable<string> jtis)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.Command("DELETE FROM ssf_outbox WHERE stream_id = $id AND jti = $jti", ("$id", streamId), ("$jti", ""));
            int removed = 0;
            foreach (string jti in jtis)
            {
                command.Parameters["$jti"].Value = jti;
                removed += command.ExecuteNonQuery();
            }

            transaction.Commit();
            return removed;
        }
    }

    /// <summary>Drops every queued SET of a stream (a disabled stream holds none, SSF 1.0 section 8.1.2.1).</summary>
    public void ClearQueued(string streamId) => Run("DELETE FROM ssf_outbox WHERE stream_id = $id", ("$id", streamId));

    public long CountQueued(string streamId)
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT count(*) FROM ssf_outbox WHERE stream_id = $id", ("$id", streamId));
            return (long)command.ExecuteScalar()!;
        }
    }

    private void Run(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.Command(sql, parameters);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
