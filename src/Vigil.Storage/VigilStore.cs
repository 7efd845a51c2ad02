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
        SchemaFound = SchemaMigrations.Apply(_writer, path);
        LoadAuditHead();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version the file had when it was opened (0: created before versioning, or new); it is now <see cref="SchemaVersion"/>.</summary>
    public int SchemaFound { get; }

    /// <summary>The schema version this release writes (docs/storage.md, "Schema versions").</summary>
    public static int SchemaVersion => SchemaMigrations.Latest;

    /// <summary>Opens (creating when absent) the store in <paramref name="dataDirectory"/>.</summary>
    public static VigilStore Open(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(dataDirectory);
        return new VigilStore(System.IO.Path.Combine(dataDirectory, FileName), time);
    }

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
