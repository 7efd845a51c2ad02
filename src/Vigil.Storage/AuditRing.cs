using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Vigil.Storage;

/// <summary>
/// The audit log's staging area: a fixed-size ring of decision records in a memory-mapped file beside the database
/// (<c>audit.ring</c>). A record copied into it is in the operating system's page cache at once, so it survives the
/// process being killed (kill -9, a crash) without a system call, a lock on the database or a thread hand-off on
/// the answer's path; a background writer moves records into the database's hash-chained log in large batches and
/// frees their space. On open, records that were staged but not yet moved are recovered in order. The ring is never
/// fsynced (a power loss can lose what the database's periodic checkpoint has not yet made durable, as before);
/// every slot carries a checksum so that a torn or stale slot is never taken for a record.
/// </summary>
/// <remarks>
/// Slot layout (8-byte aligned): state (int32: 0 free or being written, 1 staged, 2 skip to the end of the lap),
/// length (int32, whole slot), staging sequence (int64), checksum (uint64, over sequence and payload),
/// payload (time ms, decision id, subject, record). Writers reserve space under a lock (sequence and length are
/// fixed there), copy outside it, and publish by writing the state last. The drainer (one thread) reads slots in
/// order from the head, and after the database commit records the new head in the file's header before it clears
/// the slots, so that recovery always starts at a slot boundary.
/// </remarks>
public sealed unsafe class AuditRing : IDisposable
{
    /// <summary>The ring's file name inside the data directory.</summary>
    public const string FileName = "audit.ring";

    /// <summary>Default size: about 80,000 typical records, several seconds at full load.</summary>
    public const int DefaultCapacity = 32 * 1024 * 1024;

    private const int HeaderSize = 64;
    private const int SlotHeader = 24;
    private const int StateFree = 0, StateStaged = 1, StateSkip = 2;
    private const uint Magic = 0x52414756; // "VGAR"

    private readonly int _size;
    private readonly long _capacity;          // bytes of slot space after the header
    private readonly Lock _reserve = new();
    private FileStream _stream = null!;
    private MemoryMappedFile _file = null!;
    private MemoryMappedViewAccessor _view = null!;
    private byte* _base;
    private long _head;                       // logical position of the oldest slot not yet released
    private long _tail;                       // logical position where the next slot goes
    private long _nextSequence;
    private int _copying;
    private bool _disposed;

    private AuditRing(string path, int size)
    {
        Path = path;
        _size = size;
        _capacity = size - HeaderSize;
        Map(truncate: false);
    }

    private void Map(bool truncate)
    {
        // Held open without sharing for as long as the ring is mapped: a second service on the same data directory
        // fails here instead of writing into the same ring.
        try
        {
            _stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The audit ring '{Path}' is in use: is another Vigil service running on this data directory? ({ex.Message})", ex);
        }

        if (truncate)
        {
            _stream.SetLength(0); // frees every page: the file comes back as zeros without writing them
        }

        if (_stream.Length != _size)
        {
            _stream.SetLength(_size);
        }

        _file = MemoryMappedFile.CreateFromFile(_stream, null, _size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, _size, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    private void Unmap()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
        _stream.Dispose();
        _base = null;
    }

    /// <summary>The ring file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating when absent) the ring in <paramref name="dataDirectory"/> and returns the records it still
    /// holds with a staging sequence above <paramref name="movedThrough"/> (those the database has not got yet), in
    /// order. The caller moves them into the database, then calls <see cref="Reset"/>. <paramref name="fileName"/>
    /// names another ring in the same directory (the journal's ring of observed requests, EngineHost).
    /// </summary>
    public static AuditRing Open(string dataDirectory, long movedThrough, out IReadOnlyList<StagedRecord> pending, int capacity = DefaultCapacity, string fileName = FileName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 64 * 1024);
        string path = System.IO.Path.Combine(dataDirectory, fileName);
        int size = (capacity + 7) & ~7;
        AuditRing? ring = null;
        try
        {
            bool existed = File.Exists(path) && new FileInfo(path).Length == size;
            ring = new AuditRing(path, size);
            pending = existed && ring.ReadHeaderMagic() ? ring.Recover(movedThrough) : [];
            ring._nextSequence = Math.Max(movedThrough, pending.Count > 0 ? pending[^1].Sequence : 0) + 1;
            return ring;
        }
        catch
        {
            ring?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Empties the ring after recovered records were moved into the database (before any new record is staged). Every
    /// byte becomes zero, so no slot of an earlier run can ever be read as a new one.
    /// </summary>
    public void Reset()
    {
        lock (_reserve)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Unmap();
            Map(truncate: true);
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(_base, 4), Magic);
            _head = _tail = 0;
        }
    }

    /// <summary>Bytes a record takes in the ring.</summary>
    public static int SlotSize(in AuditAppend record) =>
        (SlotHeader + 8 + 4 + Encoding.UTF8.GetByteCount(record.DecisionId) + 4 + (record.Subject is null ? 0 : Encoding.UTF8.GetByteCount(record.Subject))
            + 4 + record.Record.Length + 7) & ~7;

    /// <summary>
    /// Copies <paramref name="record"/> into the ring. False when it is full (the caller waits for the drainer);
    /// a record larger than a quarter of the ring is refused with an exception.
    /// </summary>
    public bool TryStage(in AuditAppend record, out long sequence) => TryStage(record, out sequence, out _);

    /// <summary>
    /// <see cref="TryStage(in AuditAppend, out long)"/>, also returning the logical position just after the record: a
    /// consumer that learns of records another way than <see cref="Read"/> passes it to <see cref="Release"/>.
    /// </summary>
    public bool TryStage(in AuditAppend record, out long sequence, out long end)
    {
        int length = SlotSize(record);
        if (length > _capacity / 4)
        {
            throw new ArgumentException($"A decision record of {length} bytes does not fit the audit ring ({_capacity} bytes).", nameof(record));
        }

        long position;
        lock (_reserve)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long room = RoomLeftInLap(_tail);
            long skip = room < length ? room : 0;
            if (_capacity - (_tail - _head) < skip + length)
            {
                sequence = 0;
                end = 0;
                return false;
            }

            if (skip > 0)
            {
                if (skip >= 8)
                {
                    WriteInt(Slot(_tail) + 4, (int)skip);
                    Volatile.Write(ref *(int*)Slot(_tail), StateSkip);
                }

                _tail += skip;
            }

            position = _tail;
            _tail += length;
            end = _tail;
            sequence = _nextSequence++;
            WriteInt(Slot(position) + 4, length); // fixed under the lock: recovery can step over a slot still being written
            // The mapping must outlive the copy below (Dispose waits for it). Atomic although under the lock: writers
            // finish their copies outside it, and a plain ++ racing their decrement lost updates, which left Dispose
            // waiting forever (a hung shutdown) or, the other way round, unmapping under a copy.
            Interlocked.Increment(ref _copying);
        }

        try
        {
            byte* slot = Slot(position);
            *(long*)(slot + 8) = sequence;
            var payload = new Span<byte>(slot + SlotHeader, length - SlotHeader);
            int written = WritePayload(payload, record);
            *(ulong*)(slot + 16) = Checksum(sequence, payload[..written]);
            Interlocked.Exchange(ref *(int*)slot, StateStaged); // a full fence: the writer then reads the drainer's idle flag (AuditWriter)
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _copying); // counted out whatever happened, or Dispose would wait for it forever
        }
    }

    /// <summary>
    /// Reads staged records in order from the head, at most <paramref name="max"/>, stopping at the first slot still
    /// being written. Drainer only. Returns the logical position after the last one read (pass it to <see cref="Release"/>).
    /// </summary>
    public long Read(List<StagedRecord> into, int max)
    {
        long position = Volatile.Read(ref _head);
        long tail;
        lock (_reserve)
        {
            tail = _tail;
        }

        while (into.Count < max && position < tail)
        {
            if (RoomLeftInLap(position) < 8)
            {
                position = NextLap(position);
                continue;
            }

            byte* slot = Slot(position);
            int state = Volatile.Read(ref *(int*)slot);
            if (state == StateSkip)
            {
                position = NextLap(position);
                continue;
            }

            if (state != StateStaged)
            {
                break; // reserved, still being copied: the next read picks it up
            }

            int length = *(int*)(slot + 4);
            into.Add(ReadSlot(slot, length));
            position += length;
        }

        return position;
    }

    /// <summary>
    /// Frees everything before <paramref name="through"/> once the records read up to it are committed to the
    /// database: the header's head moves first, then the slots are cleared, then writers may reuse the space.
    /// </summary>
    public void Release(long through)
    {
        long position = _head;
        if (through <= position)
        {
            return;
        }

        Volatile.Write(ref *(long*)(_base + 8), through);
        while (position < through)
        {
            if (RoomLeftInLap(position) < 8)
            {
                position = NextLap(position);
                continue;
            }

            byte* slot = Slot(position);
            long next = *(int*)slot == StateSkip ? NextLap(position) : position + *(int*)(slot + 4);
            *(long*)slot = 0; // state and length
            position = next;
        }

        lock (_reserve)
        {
            _head = through;
        }
    }

    /// <summary>The staging sequence of the last record staged (0 when none since opening).</summary>
    public long LastStaged
    {
        get
        {
            lock (_reserve)
            {
                return _nextSequence - 1;
            }
        }
    }

    /// <summary>Bytes staged and not yet released.</summary>
    public long Used
    {
        get
        {
            lock (_reserve)
            {
                return _tail - _head;
            }
        }
    }

    private bool ReadHeaderMagic() => BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_base, 4)) == Magic;

    private List<StagedRecord> Recover(long movedThrough)
    {
        var found = new List<StagedRecord>();
        long start = *(long*)(_base + 8);
        if (start < 0)
        {
            return found;
        }

        long position = start;
        long last = 0;
        while (position - start < _capacity)
        {
            if (RoomLeftInLap(position) < 8)
            {
                position = NextLap(position);
                continue;
            }

            byte* slot = Slot(position);
            int state = *(int*)slot, length = *(int*)(slot + 4);
            if (state == StateSkip)
            {
                position = NextLap(position);
                continue;
            }

            if (length < SlotHeader || length > RoomLeftInLap(position) || (length & 7) != 0)
            {
                break; // the free space after the last slot, or garbage after a power loss
            }

            long sequence = *(long*)(slot + 8);
            if (state == StateStaged && sequence > last && TryReadSlot(slot, length, out var record))
            {
                last = sequence;
                if (sequence > movedThrough)
                {
                    found.Add(record);
                }
            }

            position += length; // a slot still being written when the process died is stepped over: it was never answered
        }

        return found;
    }

    private static StagedRecord ReadSlot(byte* slot, int length) =>
        TryReadSlot(slot, length, out var record) ? record : throw new InvalidDataException("An audit ring slot failed its checksum while the service was running.");

    private static bool TryReadSlot(byte* slot, int length, out StagedRecord record)
    {
        record = default;
        long sequence = *(long*)(slot + 8);
        ulong checksum = *(ulong*)(slot + 16);
        var payload = new ReadOnlySpan<byte>(slot + SlotHeader, length - SlotHeader);
        try
        {
            long time = BinaryPrimitives.ReadInt64LittleEndian(payload);
            int offset = 8;
            string decisionId = ReadString(payload, ref offset)!;
            string? subject = ReadString(payload, ref offset);
            int recordLength = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]);
            offset += 4;
            if (recordLength < 0 || offset + recordLength > payload.Length || Checksum(sequence, payload[..(offset + recordLength)]) != checksum)
            {
                return false;
            }

            record = new StagedRecord(sequence, new AuditAppend(decisionId, subject, time, payload.Slice(offset, recordLength).ToArray()));
            return decisionId is not null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static int WritePayload(Span<byte> payload, in AuditAppend record)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, record.TimeMs);
        int offset = 8;
        WriteString(payload, ref offset, record.DecisionId);
        WriteString(payload, ref offset, record.Subject);
        BinaryPrimitives.WriteInt32LittleEndian(payload[offset..], record.Record.Length);
        offset += 4;
        record.Record.Span.CopyTo(payload[offset..]);
        return offset + record.Record.Length;
    }

    private static void WriteString(Span<byte> payload, ref int offset, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload[offset..], -1);
            offset += 4;
            return;
        }

        int written = Encoding.UTF8.GetBytes(value, payload[(offset + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(payload[offset..], written);
        offset += 4 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, ref int offset)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]);
        offset += 4;
        if (length < 0)
        {
            return null;
        }

        string value = Encoding.UTF8.GetString(payload.Slice(offset, length));
        offset += length;
        return value;
    }

    /// <summary>
    /// A 64-bit checksum over the sequence and the payload, eight bytes per step (FNV-1a's multiply on words, with a
    /// rotation so that every input bit reaches every output bit): detects a torn or stale slot, not an attacker
    /// (the hash chain does that).
    /// </summary>
    private static ulong Checksum(long sequence, ReadOnlySpan<byte> payload)
    {
        const ulong Prime = 1099511628211UL;
        ulong hash = (14695981039346656037UL ^ (ulong)sequence) * Prime;
        int words = payload.Length / 8;
        var asWords = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(payload[..(words * 8)]);
        foreach (ulong word in asWords)
        {
            hash = ulong.RotateLeft((hash ^ word) * Prime, 29);
        }

        foreach (byte b in payload[(words * 8)..])
        {
            hash = (hash ^ b) * Prime;
        }

        return (hash ^ (ulong)payload.Length) * Prime;
    }

    /// <summary>Writers between reserving a slot and finishing their copy (for tests: zero whenever none is staging).</summary>
    internal int Copying => Volatile.Read(ref _copying);

    private byte* Slot(long logical) => _base + HeaderSize + (logical % _capacity);

    /// <summary>Bytes from <paramref name="logical"/> to the end of the ring: a slot never wraps, so one that does not fit starts the next lap.</summary>
    private long RoomLeftInLap(long logical) => _capacity - (logical % _capacity);

    private long NextLap(long logical) => logical + RoomLeftInLap(logical);

    private static void WriteInt(byte* at, int value) => *(int*)at = value;

    public void Dispose()
    {
        lock (_reserve)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true; // no new reservation from here on
        }

        // A writer that reserved before that is still copying into the mapping: let it finish first.
        var spin = new SpinWait();
        while (Volatile.Read(ref _copying) > 0)
        {
            spin.SpinOnce();
        }

        lock (_reserve)
        {
            Unmap();
        }
    }
}

/// <summary>A decision record read back from the <see cref="AuditRing"/>, with its staging sequence.</summary>
/// <param name="Sequence">Order of staging; the database records the highest one it holds.</param>
/// <param name="Record">The record.</param>
public readonly record struct StagedRecord(long Sequence, AuditAppend Record);
