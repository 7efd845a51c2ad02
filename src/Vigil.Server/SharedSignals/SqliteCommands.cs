using Microsoft.Data.Sqlite;

namespace Vigil.Server.SharedSignals;

/// <summary>The two statement helpers the transmitter's and the receiver's databases share.</summary>
internal static class SqliteCommands
{
    public static void Execute(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A command with its parameters bound (null as SQL NULL); the caller disposes it.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
