using System.Buffers.Binary;
using System.Net;
using BenchmarkDotNet.Attributes;
using Vigil.Enrichment.Ip;

namespace Vigil.Benchmarks.Enrichment;

/// <summary>Reputation lookup over 10,000 IPv4 and 1,000 IPv6 random, overlapping blocks in four categories.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class IpReputationBenchmarks
{
    private const int Probes = 1024;

    private IpReputation reputation = IpReputation.Empty;
    private IPAddress[] v4 = [];
    private IPAddress[] v6 = [];
    private byte[][] v4Bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var builder = new IpRangeSetBuilder();
        var bytes = new byte[16];
        for (int i = 0; i < 10_000; i++)
        {
            random.NextBytes(bytes.AsSpan(0, 4));
            builder.AddNetwork(new IPAddress(bytes.AsSpan(0, 4)), random.Next(12, 33), (IpCategory)(1 << random.Next(4)));
        }

        for (int i = 0; i < 1_000; i++)
        {
            random.NextBytes(bytes);
            bytes[0] = 0x2a;
            builder.AddNetwork(new IPAddress(bytes), random.Next(24, 65), (IpCategory)(1 << random.Next(4)));
        }

        reputation = new IpReputation(builder.Build());
        v4 = [.. Enumerable.Range(0, Probes).Select(_ =>
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)random.NextInt64(0, 1L << 32));
            return new IPAddress(b);
        })];
        v6 = [.. Enumerable.Range(0, Probes).Select(_ =>
        {
            var b = new byte[16];
            random.NextBytes(b);
            b[0] = 0x2a;
            return new IPAddress(b);
        })];
        v4Bytes = [.. v4.Select(static a => a.GetAddressBytes())];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Probes)]
    public int LookupIpv4()
    {
        int hits = 0;
        foreach (var address in v4)
        {
            hits += (int)reputation.Lookup(address);
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupIpv4Bytes()
    {
        int hits = 0;
        foreach (byte[] address in v4Bytes)
        {
            hits += (int)reputation.Lookup(address);
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupIpv6()
    {
        int hits = 0;
        foreach (var address in v6)
        {
            hits += (int)reputation.Lookup(address);
        }

        return hits;
    }
}
