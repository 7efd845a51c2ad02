using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Vigil's durable state in one SQLite file (<c>vigil.db</c> in the data directory): the event journal, the decision
/// audit log, feedback, engine checkpoints, policy versions and API keys. WAL with <c>synchronous=FULL</c>, so a
/// method that returns has its write on disk (SQLite "atomic commit", sqlite.org/atomiccommit.html) and survives a
/// process kill or power loss. Writes go through one connection under a lock (SQLite has one writer anyway); reads
/// open pooled connections of their own and never block writes (WAL readers see the last commit).
/// </summary>
public sealed partial class VigilStore : IDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "vigil.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeGate = new();
    private readonly TimeProvider _time;
    private bool _disposed;
    private bool _fullSync = true;
    private readonly List<SqliteCommand> _prepared = [];

    private VigilStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // Checkpoints run off the write path (CheckpointWal, called periodically by the service); the automatic one
        // stays as a backstop at 10,000 pages (40 MB) so the WAL cannot grow without bound if nobody calls it.
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=10000;");
        Execute(_writer, Schema);
        Execute(_writer, AlertSchema);
        MigrateApiKeys();
        LoadAuditHead();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when absent) the store in <paramref name="dataDirectory"/>.</summary>
    public static VigilStore Open(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(dataDirectory);
        return new VigilStore(System.IO.Path.Combine(dataDirectory, FileName), time);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS journal(
            seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, event_id TEXT UNIQUE, subject TEXT,
            received_ms INTEGER NOT NULL, payload BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS audit(
            seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL, subject TEXT, time_ms INTEGER NOT NULL,
            record BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
        DROP INDEX IF EXISTS audit_subject;
        CREATE TABLE IF NOT EXISTS audit_by_subject(subject TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(subject, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS audit_indexed(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit_staged(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS journal_staged(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_decision ON audit(decision_id);
        CREATE TABLE IF NOT EXISTS audit_head(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS feedback(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, identity_id TEXT NOT NULL, tenant TEXT,
            kind TEXT NOT NULL, decision_id TEXT, event_id TEXT, actor TEXT NOT NULL, time_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS feedback_identity ON feedback(identity_id, seq);
        CREATE TABLE IF NOT EXISTS checkpoints(
            id INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, created_ms INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoint_sets(
            id INTEGER PRIMARY KEY AUTOINCREMENT, journal_seq INTEGER NOT NULL, created_ms INTEGER NOT NULL, bytes INTEGER NOT NULL,
            complete INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoint_chunks(id INTEGER PRIMARY KEY, checkpoint_id INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS checkpoint_chunks_by_set ON checkpoint_chunks(checkpoint_id, id);
        CREATE TABLE IF NOT EXISTS policies(
            version INTEGER PRIMARY KEY, document TEXT NOT NULL, author TEXT NOT NULL, created_ms INTEGER NOT NULL, comment TEXT);
        CREATE TABLE IF NOT EXISTS policy_data(version INTEGER PRIMARY KEY, document TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS evicted_identities(
            tenant TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY(tenant, id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS api_keys(
            key_id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
            created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, tenant TEXT);
        """;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private SqliteConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Sets the write connection's sync level for the next transaction (under the write lock). FULL fsyncs the WAL
    /// at commit; NORMAL only writes it, which survives a process crash but not a power loss until the next FULL
    /// commit or checkpoint (sqlite.org/pragma.html#pragma_synchronous, "WAL mode").
    /// </summary>
    private void Sync(bool full)
    {
        if (_fullSync != full)
        {
            Execute(_writer, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            _fullSync = full;
        }
    }

    /// <summary>
    /// A command on the write connection that lives as long as the store: Microsoft.Data.Sqlite keeps its compiled
    /// statement, so the hot appends do not recompile their SQL on every batch.
    /// </summary>
    private SqliteCommand Prepared(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        _prepared.Add(command);
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a <see cref="Prepared"/> statement once in <paramref name="transaction"/>, its parameters given in order.</summary>
    private static void Run(SqliteCommand prepared, SqliteTransaction transaction, params ReadOnlySpan<object> values)
    {
        prepared.Transaction = transaction;
        for (int i = 0; i < values.Length; i++)
        {
            prepared.Parameters[i].Value = values[i];
        }

        prepared.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static long ScalarLong(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// Copies committed WAL frames into the database file without blocking writers (a PASSIVE checkpoint,
    /// sqlite.org/wal.html#checkpointing), so commits do not pay for it. Returns the frames still in the WAL.
    /// </summary>
    public long CheckpointWal()
    {
        using var connection = OpenReader();
        using var command = Command(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) - reader.GetInt64(2) : 0;
    }

    /// <summary>Closes the write connection; pending reads finish on their own connections.</summary>
    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in _prepared)
            {
                command.Dispose();
            }

            _auditInsert?.Dispose();
            _writer.Dispose();
        }

        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
