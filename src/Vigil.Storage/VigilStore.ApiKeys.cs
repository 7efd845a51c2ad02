namespace Vigil.Storage;

/// <summary>API keys, stored as salted hashes (see <see cref="ApiKeyRecord"/>); the key itself is shown once and never stored.</summary>
public sealed partial class VigilStore
{
    /// <summary>Stores a key record; false when the key id is taken.</summary>
    public bool AddApiKey(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var insert = Command(_writer,
                "INSERT INTO api_keys(key_id, name, scopes, salt, hash, created_ms, revoked, tenant) VALUES($i, $n, $s, $salt, $h, $t, $r, $te) ON CONFLICT(key_id) DO NOTHING");
            insert.Parameters.AddWithValue("$i", key.KeyId);
            insert.Parameters.AddWithValue("$n", key.Name);
            insert.Parameters.AddWithValue("$s", key.Scopes);
            insert.Parameters.AddWithValue("$salt", key.Salt);
            insert.Parameters.AddWithValue("$h", key.Hash);
            insert.Parameters.AddWithValue("$t", key.CreatedMs);
            insert.Parameters.AddWithValue("$r", key.Revoked ? 1 : 0);
            insert.Parameters.AddWithValue("$te", (object?)key.Tenant ?? DBNull.Value);
            return insert.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>Marks a key revoked; false when unknown.</summary>
    public bool RevokeApiKey(string keyId)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var update = Command(_writer, "UPDATE api_keys SET revoked = 1 WHERE key_id = $i");
            update.Parameters.AddWithValue("$i", keyId);
            return update.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>The record of <paramref name="keyId"/>, or null.</summary>
    public ApiKeyRecord? FindApiKey(string keyId)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT key_id, name, scopes, salt, hash, created_ms, revoked, tenant FROM api_keys WHERE key_id = $i");
        command.Parameters.AddWithValue("$i", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3), (byte[])reader.GetValue(4), reader.GetInt64(5), reader.GetInt64(6) != 0,
                NullableString(reader, 7))
            : null;
    }

    /// <summary>Number of stored keys (revoked included).</summary>
    public long ApiKeyCount()
    {
        using var connection = OpenReader();
        return ScalarLong(connection, "SELECT COUNT(*) FROM api_keys");
    }
}
