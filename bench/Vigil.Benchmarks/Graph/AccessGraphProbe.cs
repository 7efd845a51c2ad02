using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Graph;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Graph;

/// <summary>
/// <c>access-graph-probe</c>: the typed access graph's memory per node and edge at 100k identities and its cost per
/// event, timed in chunks of 10,000 (on a shared machine the fastest chunks estimate the code's own cost), and one
/// risky event's propagation.
/// </summary>
internal static class AccessGraphProbe
{
    private const int Chunk = 10_000;

    /// <summary>Runs the probe on <paramref name="identities"/> identities (100,000 unless given: a smaller graph fits the caches, which separates memory latency from the code's own cost).</summary>
    public static void Run(TextWriter o, int identities = 100_000)
    {
        int identityCount = identities;
        var c = CultureInfo.InvariantCulture;
        var options = new VigilEngineOptions();
        var random = new Random(5);
        long t = 1_764_000_000_000;

        // Each identity: its own laptop and address, one of 500 groups, about five of 20,000 hosts; a tenth are workloads.
        var events = new TelemetryEvent[1_000_000];
        var who = new int[events.Length];
        var cache = new GraphNode?[identityCount]; // the node each identity's state caches in the engine
        var addresses = new IPAddress[identityCount];
        for (int u = 0; u < identityCount; u++)
        {
            addresses[u] = new IPAddress(BitConverter.GetBytes(0x0A000000 + u));
        }

        for (int i = 0; i < events.Length; i++)
        {
            int u = i < identityCount ? i : random.Next(identityCount);
            int host = ((u * 37) + random.Next(5)) % 20_000;
            who[i] = u;
            events[i] = new TelemetryEvent
            {
                TimestampMs = t += random.Next(50),
                Kind = i % 3 == 0 ? EventKind.SignIn : EventKind.ResourceAccess,
                Outcome = EventOutcome.Success,
                SubjectId = "user" + u.ToString(c),
                IdentityKind = u % 10 == 0 ? IdentityKind.Workload : IdentityKind.Human,
                PeerGroup = "group" + (u % 500).ToString(c),
                DeviceId = u % 10 == 0 ? null : "laptop" + u.ToString(c),
                SourceIp = addresses[u],
                ResourceId = "host" + host.ToString(c),
                ResourceType = "host",
            };
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var graph = new AccessGraph(options.GraphMaxNodes * 2, options.GraphMaxDegree, options.GraphIdleDays, options.GraphTaintHalfLifeMinutes * 60_000L);
        var perEvent = new List<double>();
        for (int start = 0; start < events.Length; start += Chunk)
        {
            long begin = Stopwatch.GetTimestamp();
            for (int i = start; i < start + Chunk; i++)
            {
                graph.Add(events[i], ref cache[who[i]]);
            }

            if (start >= identityCount)
            {
                perEvent.Add(Stopwatch.GetElapsedTime(begin).TotalNanoseconds / Chunk); // after every identity was added once
            }
        }

        long bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        perEvent.Sort();
        int nodes = graph.NodeCount, edges = graph.EdgeCount;
        o.WriteLine(string.Create(c, $"AccessGraph at {identityCount:N0} identities: {nodes:N0} nodes, {edges:N0} edges, {bytes:N0} bytes: {(double)bytes / nodes:N0} bytes per node with its edges, {(double)bytes / (nodes + edges):N0} per node-or-edge"));
        o.WriteLine(string.Create(c, $"AccessGraph.Add ns per event: min {perEvent[0]:N1}, 10th percentile {perEvent[perEvent.Count / 10]:N1}, median {perEvent[perEvent.Count / 2]:N1} ({perEvent.Count} chunks of {Chunk:N0})"));

        // Link plausibility of a new edge (identity -> a host it never reached), the detector's read; timed per call.
        var link = new List<double>();
        int implausible = 0;
        for (int k = 0; k < 20_000; k++)
        {
            int u = random.Next(identityCount);
            var node = graph.Find(AccessGraph.IdentityKey("user" + u.ToString(c)));
            ulong host = AccessGraph.ResourceKey("host" + random.Next(20_000).ToString(c));
            ulong group = AccessGraph.GroupKey("group" + (u % 500).ToString(c));
            long begin = Stopwatch.GetTimestamp();
            implausible += graph.Plausibility(node, host, group, t + (2 * 86_400_000L)).Implausible ? 1 : 0; // two days on: every membership settled
            link.Add(Stopwatch.GetElapsedTime(begin).TotalMicroseconds);
        }

        link.Sort();
        o.WriteLine(string.Create(c, $"AccessGraph.Plausibility (a new edge, uncached) us: median {link[link.Count / 2]:N2}, p99 {link[(int)(link.Count * 0.99)]:N2}, max {link[^1]:N1}; {implausible:N0} of {link.Count:N0} implausible"));

        var times = new List<double>();
        int tainted = 0;
        for (int k = 0; k < 200; k++)
        {
            var node = graph.Find(AccessGraph.IdentityKey("user" + random.Next(identityCount).ToString(c)));
            if (node is null)
            {
                continue;
            }

            long begin = Stopwatch.GetTimestamp();
            tainted += graph.Taint(node, 0.9f, t + (k * 7_200_000L)); // two hours apart: earlier taint has faded
            times.Add(Stopwatch.GetElapsedTime(begin).TotalMicroseconds);
        }

        times.Sort();
        o.WriteLine(string.Create(c, $"AccessGraph.Taint (one risky event) us: median {times[times.Count / 2]:N1}, max {times[^1]:N1}; {(double)tainted / times.Count:N1} nodes tainted per event"));
        GC.KeepAlive(events);
    }
}
