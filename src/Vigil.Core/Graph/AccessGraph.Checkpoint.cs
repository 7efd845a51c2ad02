namespace Vigil.Core.Graph;

/// <summary>Checkpoint format of the access graph: nodes in key order, each with its edges and sources in stored order, so equal graphs give equal bytes.</summary>
internal sealed partial class AccessGraph
{
    public void WriteTo(BinaryWriter w)
    {
        w.Write(MaxNodes);
        w.Write(MaxDegree);
        w.Write(IdleDays);
        w.Write(TaintHalfLifeMs);
        w.Write(LastSweepDay);
        w.Write(Evicted);
        var nodes = _nodes.Values.OrderBy(n => n.Key).ToArray();
        w.Write(nodes.Length);
        foreach (var n in nodes)
        {
            w.Write(n.Key);
            w.Write((byte)n.Kind);
            w.Write(n.Label);
            w.Write(n.LastSeenMs);
            w.Write(n.Out.Count);
            foreach (var e in n.Out)
            {
                w.Write(e.To);
                w.Write((byte)e.Kind);
                w.Write(e.Weight);
                w.Write(e.FirstMs);
                w.Write(e.LastMs);
            }

            w.Write(n.In.Count);
            foreach (ulong source in n.In)
            {
                w.Write(source);
            }

            w.Write(n.Taint);
            if (n.Taint > 0)
            {
                w.Write(n.TaintMs);
                w.Write(n.TaintOrigin);
                w.Write(n.TaintOriginMs);
                w.Write(n.TaintHops);
                w.Write(n.TaintPath ?? "");
            }
        }
    }

    /// <summary>Reads a graph written by <see cref="WriteTo"/>; counts beyond the caps it was written with are refused as corrupt.</summary>
    public static AccessGraph ReadFrom(BinaryReader r)
    {
        var graph = new AccessGraph(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64())
        {
            LastSweepDay = r.ReadInt64(),
            Evicted = r.ReadInt64(),
        };
        int count = r.ReadInt32();
        if (count < 0 || count > graph.MaxNodes + 16)
        {
            throw new InvalidDataException($"Checkpoint access graph has {count} nodes; its cap is {graph.MaxNodes}.");
        }

        for (int i = 0; i < count; i++)
        {
            var n = new GraphNode(r.ReadUInt64(), ReadKind<NodeKind>(r, (byte)NodeKind.Group), r.ReadString()) { LastSeenMs = r.ReadInt64(), Owner = graph };
            int edges = ReadCount(r, graph.MaxDegree);
            for (int j = 0; j < edges; j++)
            {
                n.Out.Add(new GraphEdge { To = r.ReadUInt64(), Kind = ReadKind<EdgeKind>(r, (byte)EdgeKind.MemberOf), Weight = r.ReadSingle(), FirstMs = r.ReadInt64(), LastMs = r.ReadInt64() });
            }

            int sources = ReadCount(r, graph.MaxDegree);
            for (int j = 0; j < sources; j++)
            {
                n.In.Add(r.ReadUInt64());
            }

            n.Taint = r.ReadSingle();
            if (n.Taint > 0)
            {
                n.TaintMs = r.ReadInt64();
                n.TaintOrigin = r.ReadUInt64();
                n.TaintOriginMs = r.ReadInt64();
                n.TaintHops = r.ReadByte();
                n.TaintPath = r.ReadString();
                graph.LastTaintMs = Math.Max(graph.LastTaintMs, n.TaintMs);
            }

            graph._nodes.Add(n.Key, n);
        }

        return graph;
    }

    private static int ReadCount(BinaryReader r, int max)
    {
        int count = r.ReadInt32();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"Checkpoint access graph node has {count} edges; the cap is {max}.");
    }

    private static T ReadKind<T>(BinaryReader r, byte max)
        where T : struct, Enum
    {
        byte value = r.ReadByte();
        return value <= max ? (T)(object)value : throw new InvalidDataException($"Checkpoint access graph has an unknown {typeof(T).Name} {value}.");
    }
}
