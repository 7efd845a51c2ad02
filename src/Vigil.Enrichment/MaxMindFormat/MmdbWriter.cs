using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Enrichment.MaxMindFormat;

/// <summary>
/// Writes MaxMind DB (.mmdb) files, format version 2.0 (MaxMind DB File Format Specification): a binary search tree
/// over address bits, a 16-byte zero separator, a data section of typed values, and a metadata map after the
/// "\xAB\xCD\xEFMaxMind.com" marker. Enough to build small City/Country/ASN-shaped databases for tests and for the
/// simulator's synthetic networks; real GeoIP data comes from MaxMind.
/// <para>
/// Values: <see cref="string"/>, <see cref="double"/>, <see cref="float"/>, <see cref="bool"/>, <see cref="ushort"/>
/// (uint16), <see cref="uint"/> (uint32), <see cref="int"/> (int32), <see cref="ulong"/> (uint64), <see cref="UInt128"/>
/// (uint128), <see cref="byte"/>[] (bytes), string-keyed dictionaries (map) and other sequences (array).
/// Identical records are stored once. In an IPv6 database, IPv4 networks live at ::a.b.c.d/96+n and, as in
/// MaxMind's own databases, ::ffff:0:0/96 points to the same subtree so IPv4-mapped addresses resolve too.
/// </para>
/// </summary>
internal sealed class MmdbWriter
{
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    private readonly List<(UInt128 Network, int PrefixLength, object Record)> networks = [];
    private readonly string databaseType;
    private readonly int ipVersion;
    private readonly int recordSize;
    private readonly IReadOnlyList<string> languages;
    private readonly string description;
    private readonly ulong buildEpoch;

    /// <param name="databaseType">Metadata database_type, e.g. "GeoLite2-City"; readers use it to pick a model.</param>
    /// <param name="ipVersion">4 (32-bit tree) or 6 (128-bit tree, IPv4 embedded).</param>
    /// <param name="recordSize">Record size in bits: 24, 28 or 32.</param>
    /// <param name="languages">Metadata languages; default "en".</param>
    /// <param name="description">Metadata description (English); default the database type.</param>
    /// <param name="buildEpoch">Build time in Unix seconds; passed in so output is reproducible (no wall clock).</param>
    public MmdbWriter(string databaseType, int ipVersion = 6, int recordSize = 28, IReadOnlyList<string>? languages = null, string? description = null, ulong buildEpoch = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseType);
        if (ipVersion is not (4 or 6))
        {
            throw new ArgumentOutOfRangeException(nameof(ipVersion), ipVersion, "ip_version must be 4 or 6.");
        }

        if (recordSize is not (24 or 28 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(recordSize), recordSize, "record_size must be 24, 28 or 32.");
        }

        this.databaseType = databaseType;
        this.ipVersion = ipVersion;
        this.recordSize = recordSize;
        this.languages = languages ?? ["en"];
        this.description = description ?? databaseType;
        this.buildEpoch = buildEpoch;
    }

    /// <summary>Maps <paramref name="network"/>/<paramref name="prefixLength"/> to <paramref name="record"/>. More specific networks win over less specific ones regardless of insertion order.</summary>
    public void Insert(IPAddress network, int prefixLength, object record)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(record);
        Span<byte> bytes = stackalloc byte[16];
        network.TryWriteBytes(bytes, out int written);
        bool v4 = network.AddressFamily == AddressFamily.InterNetwork;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, v4 ? 32 : 128);

        UInt128 value;
        int bits;
        if (v4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]);
            bits = prefixLength;
            if (ipVersion == 6)
            {
                bits += 96;
            }
        }
        else
        {
            if (ipVersion == 4)
            {
                throw new ArgumentException("An IPv4 database cannot hold IPv6 networks.", nameof(network));
            }

            value = BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
            bits = prefixLength;
        }

        networks.Add((value, bits, record));
    }

    /// <summary>Inserts a network written as CIDR text, e.g. "203.0.113.0/24" or "2001:db8::/32".</summary>
    public void Insert(string cidr, object record)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        int prefix = slash < 0
            ? (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : int.Parse(cidr.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
        Insert(address, prefix, record);
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        Write(stream);
        return stream.ToArray();
    }

    public void Write(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var data = new DataSectionWriter();
        int treeDepth = ipVersion == 6 ? 128 : 32;
        var root = new Node();

        // Shorter prefixes first, so a later, more specific network splits the covering record instead of being
        // overwritten by it.
        foreach (var (network, prefixLength, record) in networks.OrderBy(static n => n.PrefixLength))
        {
            var leaf = new DataRef(data.AddRecord(record));
            InsertPath(root, network, prefixLength, treeDepth, leaf);
        }

        if (ipVersion == 6)
        {
            AliasIpv4Mapped(root);
        }

        // Breadth-first numbering; the IPv4 alias makes the tree a DAG, so each node is numbered once.
        var order = new List<Node>();
        var ids = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Node>();
        queue.Enqueue(root);
        ids[root] = 0;
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            order.Add(node);
            foreach (var child in (ReadOnlySpan<object?>)[node.Left, node.Right])
            {
                if (child is Node n && !ids.ContainsKey(n))
                {
                    ids[n] = ids.Count;
                    queue.Enqueue(n);
                }
            }
        }

        long nodeCount = order.Count;
        long maxValue = nodeCount + 16 + data.Length;
        if (maxValue >= 1L << recordSize)
        {
            throw new InvalidOperationException($"record_size {recordSize} is too small for {nodeCount} nodes and {data.Length} data bytes; use a larger record size.");
        }

        int nodeBytes = recordSize * 2 / 8;
        var tree = new byte[nodeBytes * nodeCount];
        for (int i = 0; i < order.Count; i++)
        {
            long left = RecordValue(order[i].Left, ids, nodeCount);
            long right = RecordValue(order[i].Right, ids, nodeCount);
            WriteNode(tree.AsSpan(i * nodeBytes, nodeBytes), (uint)left, (uint)right);
        }

        output.Write(tree);
        output.Write(new byte[16]);
        output.Write(data.ToArray());
        output.Write(MetadataMarker);

        var metadata = new DataSectionWriter();
        metadata.WriteValue(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = buildEpoch,
            ["database_type"] = databaseType,
            ["description"] = new Dictionary<string, object>(StringComparer.Ordinal) { ["en"] = description },
            ["ip_version"] = (ushort)ipVersion,
            ["languages"] = languages.Cast<object>().ToList(),
            ["node_count"] = (uint)nodeCount,
            ["record_size"] = (ushort)recordSize,
        });
        output.Write(metadata.ToArray());
    }

    private static void InsertPath(Node root, UInt128 network, int prefixLength, int depth, object leaf)
    {
        if (prefixLength == 0)
        {
            root.Left = leaf;
            root.Right = leaf;
            return;
        }

        var node = root;
        for (int bit = 0; bit < prefixLength; bit++)
        {
            bool right = ((network >> (depth - 1 - bit)) & UInt128.One) == UInt128.One;
            if (bit == prefixLength - 1)
            {
                node.Set(right, leaf);
                return;
            }

            node = node.ChildForPath(right);
        }
    }

    private static void AliasIpv4Mapped(Node root)
    {
        // Find the IPv4 subtree root at ::/96 (96 left turns).
        object? ipv4 = root;
        for (int i = 0; i < 96 && ipv4 is Node n; i++)
        {
            ipv4 = n.Left;
        }

        if (ipv4 is not Node ipv4Root)
        {
            return;
        }

        // Walk ::ffff:0:0/96: 80 zero bits, then 16 one bits.
        var node = root;
        for (int bit = 0; bit < 95; bit++)
        {
            node = node.ChildForPath(bit >= 80);
        }

        node.Set(true, ipv4Root);
    }

    private static long RecordValue(object? child, Dictionary<Node, int> ids, long nodeCount) => child switch
    {
        null => nodeCount,
        Node n => ids[n],
        DataRef d => nodeCount + 16 + d.Offset,
        _ => throw new InvalidOperationException("Unexpected tree record."),
    };

    private void WriteNode(Span<byte> target, uint left, uint right)
    {
        switch (recordSize)
        {
            case 24:
                Write24(target, left);
                Write24(target[3..], right);
                break;
            case 28:
                // Each record's top 4 bits share the middle byte: left's in the high nibble (spec, "Node Layout").
                Write24(target, left);
                target[3] = (byte)((((left >> 24) & 0x0F) << 4) | ((right >> 24) & 0x0F));
                Write24(target[4..], right);
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(target, left);
                BinaryPrimitives.WriteUInt32BigEndian(target[4..], right);
                break;
        }
    }

    private static void Write24(Span<byte> target, uint value)
    {
        target[0] = (byte)(value >> 16);
        target[1] = (byte)(value >> 8);
        target[2] = (byte)value;
    }

    private sealed class Node
    {
        public object? Left { get; set; }

        public object? Right { get; set; }

        public void Set(bool right, object? value)
        {
            if (right)
            {
                Right = value;
            }
            else
            {
                Left = value;
            }
        }

        /// <summary>The child node on the path, creating it; a data record in the way is pushed down to both halves.</summary>
        public Node ChildForPath(bool right)
        {
            object? child = right ? Right : Left;
            if (child is Node existing)
            {
                return existing;
            }

            var created = new Node { Left = child, Right = child };
            Set(right, created);
            return created;
        }
    }

    private sealed record DataRef(int Offset);

    /// <summary>Encodes values in the data-section format (spec, "Output Data Section") and de-duplicates records.</summary>
    private sealed class DataSectionWriter
    {
        private readonly ArrayBufferWriter<byte> buffer = new();
        private readonly Dictionary<string, int> offsets = new(StringComparer.Ordinal);

        public int Length => buffer.WrittenCount;

        public byte[] ToArray() => buffer.WrittenSpan.ToArray();

        public int AddRecord(object record)
        {
            var single = new DataSectionWriter();
            single.WriteValue(record);
            byte[] encoded = single.ToArray();
            string key = Convert.ToHexString(encoded);
            if (!offsets.TryGetValue(key, out int offset))
            {
                offset = Length;
                buffer.Write(encoded);
                offsets[key] = offset;
            }

            return offset;
        }

        public void WriteValue(object value)
        {
            switch (value)
            {
                case string s:
                    byte[] utf8 = Encoding.UTF8.GetBytes(s);
                    WriteControl(2, utf8.Length);
                    buffer.Write(utf8);
                    break;
                case double d:
                    WriteControl(3, 8);
                    Span<byte> d8 = stackalloc byte[8];
                    BinaryPrimitives.WriteDoubleBigEndian(d8, d);
                    buffer.Write(d8);
                    break;
                case float f:
                    WriteControl(15, 4);
                    Span<byte> f4 = stackalloc byte[4];
                    BinaryPrimitives.WriteSingleBigEndian(f4, f);
                    buffer.Write(f4);
                    break;
                case bool b:
                    WriteControl(14, b ? 1 : 0);
                    break;
                case byte[] bytes:
                    WriteControl(4, bytes.Length);
                    buffer.Write(bytes);
                    break;
                case ushort u16:
                    WriteUnsigned(5, u16);
                    break;
                case uint u32:
                    WriteUnsigned(6, u32);
                    break;
                case ulong u64:
                    WriteUnsigned(9, u64);
                    break;
                case UInt128 u128:
                    WriteUnsigned(10, u128);
                    break;
                case int i32:
                    // Signed values always use all four bytes so the sign bit is where readers expect it.
                    WriteControl(8, 4);
                    Span<byte> i4 = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(i4, i32);
                    buffer.Write(i4);
                    break;
                case IEnumerable<KeyValuePair<string, object>> map:
                    var pairs = map.ToList();
                    WriteControl(7, pairs.Count);
                    foreach (var (key, item) in pairs)
                    {
                        WriteValue(key);
                        WriteValue(item);
                    }

                    break;
                case System.Collections.IEnumerable sequence:
                    var items = sequence.Cast<object>().ToList();
                    WriteControl(11, items.Count);
                    foreach (var item in items)
                    {
                        WriteValue(item);
                    }

                    break;
                default:
                    throw new ArgumentException($"Type {value.GetType()} has no MaxMind DB encoding.", nameof(value));
            }
        }

        private void WriteUnsigned(int type, UInt128 value)
        {
            Span<byte> full = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(full, value);
            int skip = 0;
            while (skip < 16 && full[skip] == 0)
            {
                skip++;
            }

            WriteControl(type, 16 - skip);
            buffer.Write(full[skip..]);
        }

        private void WriteByte(byte value)
        {
            buffer.GetSpan(1)[0] = value;
            buffer.Advance(1);
        }

        private void WriteControl(int type, int size)
        {
            int sizeBits;
            int extraBytes;
            int extra;
            if (size < 29)
            {
                (sizeBits, extraBytes, extra) = (size, 0, 0);
            }
            else if (size < 285)
            {
                (sizeBits, extraBytes, extra) = (29, 1, size - 29);
            }
            else if (size < 65_821)
            {
                (sizeBits, extraBytes, extra) = (30, 2, size - 285);
            }
            else
            {
                (sizeBits, extraBytes, extra) = (31, 3, size - 65_821);
            }

            if (type <= 7)
            {
                WriteByte((byte)((type << 5) | sizeBits));
            }
            else
            {
                // Extended type: 000 in the control byte, the type minus 7 in the next byte, then the size bytes.
                WriteByte((byte)sizeBits);
                WriteByte((byte)(type - 7));
            }

            for (int i = extraBytes - 1; i >= 0; i--)
            {
                WriteByte((byte)(extra >> (8 * i)));
            }
        }
    }
}
