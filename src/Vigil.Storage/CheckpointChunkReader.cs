using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>A read-only stream over a checkpoint's chunk rows, one row in memory at a time; owns its connection.</summary>
internal sealed class CheckpointChunkReader : Stream
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteDataReader _rows;
    private byte[] _chunk = [];
    private int _at;
    private long _read;

    public CheckpointChunkReader(SqliteConnection connection, SqliteCommand command)
    {
        _connection = connection;
        _command = command;
        _rows = command.ExecuteReader();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_at == _chunk.Length)
        {
            if (buffer.IsEmpty || !_rows.Read())
            {
                return 0;
            }

            _chunk = (byte[])_rows.GetValue(0);
            _at = 0;
        }

        int take = Math.Min(buffer.Length, _chunk.Length - _at);
        _chunk.AsSpan(_at, take).CopyTo(buffer);
        _at += take;
        _read += take;
        return take;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }
}
