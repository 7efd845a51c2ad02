using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The receiver's own SQLite file (ssf-receiver.db in the data directory): the streams Vigil receives, the jti of every
/// SET received (de-duplication that survives a restart, kept as long as a SET is fresh) and the external signals held
/// per identity. Apart from ssf.db so that the transmitter's outbox and the receiver never wait for each other.
/// </summary>
internal sealed class SsfReceiverStore : IDisposable
{
    public const string FileName = "ssf-receiver.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS receiver_streams(id TEXT PRIMARY KEY, body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS receiver_jti(issuer TEXT NOT NULL, jti TEXT NOT NULL, received_ms INTEGER NOT NULL, PRIMARY KEY(issuer, jti));
        CREATE INDEX IF NOT EXISTS receiver_jti_age ON receiver_jti(received_ms);
        CREATE TABLE IF NOT EXISTS external_signals(tenant TEXT NOT NULL, identity TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(tenant, identity));
        """;

    private SsfReceiverStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        _connection.Execute(Schema);
    }

    public static SsfReceiverStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SsfReceiverStore(Path.Combine(dataDirectory, FileName));
    }

    public List<ReceiverStream> Streams()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT body FROM receiver_streams ORDER BY id");
            using var reader = command.ExecuteReader();
            var streams = new List<ReceiverStream>();
            while (reader.Read())
            {
                streams.Add(JsonSerializer.Deserialize(reader.GetString(0), SsfJsonContext.Default.ReceiverStream)!);
            }

            return streams;
        }
    }

    public void Save(ReceiverStream stream)
    {
        lock (_gate)
        {
            using var command = _connection.Command("INSERT INTO receiver_streams(id, body) VALUES ($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                ("$id", stream.Id), ("$body", JsonSerializer.Serialize(stream, SsfJsonContext.Default.ReceiverStream)));
            command.ExecuteNonQuery();
        }
    }

    public bool Delete(string id)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM receiver_streams WHERE id = $id", ("$id", id));
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>False when this issuer's jti was received before; forgets jti older than <paramref name="forgetBeforeMs"/> (their SETs are refused as stale anyway).</summary>
    public bool Remember(string issuer, string jti, long nowMs, long forgetBeforeMs)
    {
        lock (_gate)
        {
            using (var sweep = _connection.Command("DELETE FROM receiver_jti WHERE received_ms < $before", ("$before", forgetBeforeMs)))
            {
                sweep.ExecuteNonQuery();
            }

            using var command = _connection.Command("INSERT OR IGNORE INTO receiver_jti(issuer, jti, received_ms) VALUES ($issuer, $jti, $now)", ("$issuer", issuer), ("$jti", jti), ("$now", nowMs));
            return command.ExecuteNonQuery() > 0;
        }
    }

    public List<(string Tenant, string Identity, ExternalSignal Signal)> Signals()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT tenant, identity, body FROM external_signals");
            using var reader = command.ExecuteReader();
            var signals = new List<(string, string, ExternalSignal)>();
            while (reader.Read())
            {
                signals.Add((reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize(reader.GetString(2), SsfJsonContext.Default.ExternalSignal)!));
            }

            return signals;
        }
    }

    public void SaveSignal(string tenant, string identity, ExternalSignal? signal)
    {
        lock (_gate)
        {
            using var command = signal is null
                ? _connection.Command("DELETE FROM external_signals WHERE tenant = $tenant AND identity = $identity", ("$tenant", tenant), ("$identity", identity))
                : _connection.Command("INSERT INTO external_signals(tenant, identity, body) VALUES ($tenant, $identity, $body) ON CONFLICT(tenant, identity) DO UPDATE SET body = excluded.body",
                    ("$tenant", tenant), ("$identity", identity), ("$body", JsonSerializer.Serialize(signal, SsfJsonContext.Default.ExternalSignal)));
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
