using System.Net;
using BenchmarkDotNet.Attributes;
using Vigil.Enrichment.Geo;
using Vigil.Enrichment.MaxMindFormat;

namespace Vigil.Benchmarks.Enrichment;

/// <summary>
/// Geo + ASN lookup over synthetic City- and ASN-shaped databases (5,000 IPv4 networks each, GeoIP2 schema),
/// written with MmdbWriter and read through MaxMind.Db: with the per-address cache warm, and without a cache.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GeoIpBenchmarks
{
    private const int Probes = 256;

    private string directory = string.Empty;
    private GeoIpDatabase cached = null!;
    private GeoIpDatabase uncached = null!;
    private IPAddress[] addresses = [];

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("vigil-geo-bench-").FullName;
        var random = new Random(7);
        var city = new MmdbWriter("Vigil-Synthetic-City", buildEpoch: 1_700_000_000);
        var asn = new MmdbWriter("Vigil-Synthetic-ASN", buildEpoch: 1_700_000_000);
        var networks = new List<IPAddress>();
        for (int i = 0; i < 5_000; i++)
        {
            var network = new IPAddress(new byte[] { (byte)random.Next(1, 224), (byte)random.Next(256), (byte)random.Next(256), 0 });
            networks.Add(network);
            city.Insert(network, 24, new Dictionary<string, object>
            {
                ["city"] = new Dictionary<string, object> { ["names"] = new Dictionary<string, object> { ["en"] = "City " + (i % 700), ["de"] = "Stadt " + (i % 700) } },
                ["country"] = new Dictionary<string, object> { ["iso_code"] = ((char)('A' + (i % 26))).ToString() + "X" },
                ["location"] = new Dictionary<string, object> { ["latitude"] = random.NextDouble() * 180 - 90, ["longitude"] = random.NextDouble() * 360 - 180, ["accuracy_radius"] = (ushort)50 },
            });
            asn.Insert(network, 24, new Dictionary<string, object>
            {
                ["autonomous_system_number"] = (uint)(64_000 + (i % 500)),
                ["autonomous_system_organization"] = "Example Network " + (i % 500),
            });
        }

        string cityPath = Path.Combine(directory, "city.mmdb");
        string asnPath = Path.Combine(directory, "asn.mmdb");
        File.WriteAllBytes(cityPath, city.ToArray());
        File.WriteAllBytes(asnPath, asn.ToArray());
        cached = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = cityPath, AsnDatabasePath = asnPath });
        uncached = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = cityPath, AsnDatabasePath = asnPath, CacheCapacity = 0 });
        addresses = [.. Enumerable.Range(0, Probes).Select(i =>
        {
            byte[] b = networks[random.Next(networks.Count)].GetAddressBytes();
            b[3] = (byte)random.Next(256);
            return new IPAddress(b);
        })];
        foreach (var address in addresses)
        {
            cached.Lookup(address);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        cached.Dispose();
        uncached.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Probes)]
    public int LookupCached()
    {
        int sum = 0;
        foreach (var address in addresses)
        {
            sum += (int)(cached.Lookup(address).Asn ?? 0);
        }

        return sum;
    }

    /// <summary>Both MaxMind.Db lookups (City and ASN) and decoding, every time.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupUncached()
    {
        int sum = 0;
        foreach (var address in addresses)
        {
            sum += (int)(uncached.Lookup(address).Asn ?? 0);
        }

        return sum;
    }
}
