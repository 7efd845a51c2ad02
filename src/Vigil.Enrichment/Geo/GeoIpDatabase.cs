using System.Net;
using MaxMind.Db;
using Vigil.Enrichment.Geo.Models;
using Vigil.Enrichment.Ip;

namespace Vigil.Enrichment.Geo;

/// <summary>
/// Geolocation and ASN lookups over MaxMind DB files (GeoIP2/GeoLite2 City or Country, and GeoLite2-ASN), through
/// MaxMind.Db's <see cref="Reader"/> with constructor-bound models that decode only the fields Vigil uses.
/// Results are cached per address in a bounded cache, so a repeated address allocates nothing.
/// Thread-safe: open once, share, dispose at shutdown.
/// </summary>
public sealed class GeoIpDatabase : IDisposable
{
    private readonly Reader? city;
    private readonly Reader? asn;
    private readonly GeoCache? cache;

    private GeoIpDatabase(Reader? city, Reader? asn, int cacheCapacity)
    {
        this.city = city;
        this.asn = asn;
        cache = cacheCapacity > 0 ? new GeoCache(cacheCapacity) : null;
    }

    /// <summary>The database_type of the location database (e.g. "GeoLite2-City"), or null if none is open.</summary>
    public string? CityDatabaseType => city?.Metadata.DatabaseType;

    /// <summary>The database_type of the ASN database (e.g. "GeoLite2-ASN"), or null if none is open.</summary>
    public string? AsnDatabaseType => asn?.Metadata.DatabaseType;

    /// <summary>
    /// Opens the configured files. Every problem (a missing file, a file that is not a MaxMind DB, a database of the
    /// wrong kind in a slot) is checked before anything is thrown, and the message names each path.
    /// </summary>
    /// <exception cref="ArgumentException">Neither path is set, or a cache capacity is negative.</exception>
    /// <exception cref="FileNotFoundException">A configured file does not exist (the message names it; <see cref="FileNotFoundException.FileName"/> is the first).</exception>
    /// <exception cref="InvalidDataException">A file is not a readable MaxMind DB or holds the wrong kind of data.</exception>
    public static GeoIpDatabase Open(GeoIpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CityDatabasePath) && string.IsNullOrWhiteSpace(options.AsnDatabasePath))
        {
            throw new ArgumentException("Set GeoIpOptions.CityDatabasePath, GeoIpOptions.AsnDatabasePath, or both.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheCapacity);

        var missing = new List<string>();
        foreach (var (path, name) in new[] { (options.CityDatabasePath, nameof(options.CityDatabasePath)), (options.AsnDatabasePath, nameof(options.AsnDatabasePath)) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                missing.Add($"GeoIpOptions.{name}: '{Path.GetFullPath(path)}' does not exist");
            }
        }

        if (missing.Count > 0)
        {
            string first = options.CityDatabasePath is { } c && !File.Exists(c) ? c : options.AsnDatabasePath!;
            throw new FileNotFoundException("GeoIP database file not found: " + string.Join("; ", missing) + ".", first);
        }

        var mode = options.LoadIntoMemory ? FileAccessMode.Memory : FileAccessMode.MemoryMapped;
        Reader? cityReader = null;
        Reader? asnReader = null;
        var problems = new List<string>();
        try
        {
            cityReader = OpenReader(options.CityDatabasePath, mode, nameof(options.CityDatabasePath), IsLocationType, "a City or Country database (e.g. GeoLite2-City)", problems);
            asnReader = OpenReader(options.AsnDatabasePath, mode, nameof(options.AsnDatabasePath), IsAsnType, "an ASN database (e.g. GeoLite2-ASN)", problems);
            if (problems.Count > 0)
            {
                throw new InvalidDataException(string.Join(Environment.NewLine, problems));
            }

            return new GeoIpDatabase(cityReader, asnReader, options.CacheCapacity);
        }
        catch
        {
            cityReader?.Dispose();
            asnReader?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Looks up <paramref name="address"/>. IPv4-mapped IPv6 addresses are looked up as IPv4. Returns
    /// <see cref="GeoInfo.Unknown"/> when no database has the address.
    /// </summary>
    public GeoInfo Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IpAddressBits.TryRead(address, out bool isV4, out uint v4, out UInt128 v6))
        {
            return GeoInfo.Unknown;
        }

        UInt128 key = isV4 ? (UInt128)0xFFFF_0000_0000UL | v4 : v6;
        if (cache is not null && cache.TryGet(key, out var hit))
        {
            return hit;
        }

        // MaxMind.Db walks IPv4 lookups from the IPv4 subtree; hand it a real IPv4 address for mapped input.
        var lookupAddress = isV4 && !IpAddressBits.IsIpv4Family(address) ? address.MapToIPv4() : address;
        var info = Resolve(lookupAddress, isV4);
        cache?.Set(key, info);
        return info;
    }

    /// <summary>Same as <see cref="Lookup(IPAddress)"/> for network-order bytes (4 or 16); a cache hit does not build an <see cref="IPAddress"/>.</summary>
    public GeoInfo Lookup(ReadOnlySpan<byte> addressBytes)
    {
        if (!IpAddressBits.TryRead(addressBytes, out bool isV4, out uint v4, out UInt128 v6))
        {
            return GeoInfo.Unknown;
        }

        UInt128 key = isV4 ? (UInt128)0xFFFF_0000_0000UL | v4 : v6;
        if (cache is not null && cache.TryGet(key, out var hit))
        {
            return hit;
        }

        var address = isV4 ? new IPAddress(addressBytes[^4..]) : new IPAddress(addressBytes);
        var info = Resolve(address, isV4);
        cache?.Set(key, info);
        return info;
    }

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        city?.Dispose();
        asn?.Dispose();
    }

    private GeoInfo Resolve(IPAddress address, bool isV4)
    {
        string? country = null;
        string? cityName = null;
        double? latitude = null;
        double? longitude = null;
        int? radius = null;
        uint? asNumber = null;
        string? asOrganization = null;

        if (city is not null && (isV4 || city.Metadata.IPVersion == 6))
        {
            var record = city.Find<LocationRecord>(address);
            if (record is not null)
            {
                country = CountryCodes.Intern(record.Country?.IsoCode ?? record.RegisteredCountry?.IsoCode);
                cityName = record.City?.Names?.English;
                latitude = record.Location?.Latitude;
                longitude = record.Location?.Longitude;
                radius = record.Location?.AccuracyRadius;
            }
        }

        if (asn is not null && (isV4 || asn.Metadata.IPVersion == 6))
        {
            var record = asn.Find<AsnRecord>(address);
            if (record?.Number is long number and >= 0 and <= uint.MaxValue)
            {
                asNumber = (uint)number;
                asOrganization = record.Organization;
            }
        }

        return new GeoInfo(country, cityName, latitude, longitude, radius, asNumber, asOrganization);
    }

    private static Reader? OpenReader(string? path, FileAccessMode mode, string optionName, Func<string, bool> accepts, string expected, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        Reader reader;
        try
        {
            reader = new Reader(path, mode);
        }
        catch (InvalidDatabaseException ex)
        {
            problems.Add($"GeoIpOptions.{optionName}: '{path}' is not a valid MaxMind DB file ({ex.Message}).");
            return null;
        }
        catch (IOException ex)
        {
            problems.Add($"GeoIpOptions.{optionName}: '{path}' could not be read ({ex.Message}).");
            return null;
        }

        if (!accepts(reader.Metadata.DatabaseType))
        {
            problems.Add($"GeoIpOptions.{optionName}: '{path}' is a '{reader.Metadata.DatabaseType}' database; expected {expected}.");
            reader.Dispose();
            return null;
        }

        return reader;
    }

    // MaxMind names: GeoIP2-City, GeoLite2-City, GeoIP2-Country, GeoLite2-Country, GeoIP2-Enterprise; ASN: GeoLite2-ASN,
    // GeoIP2-ISP. Other producers (our own synthetic databases) follow the same words.
    private static bool IsLocationType(string type) =>
        type.Contains("City", StringComparison.OrdinalIgnoreCase)
        || type.Contains("Country", StringComparison.OrdinalIgnoreCase)
        || type.Contains("Enterprise", StringComparison.OrdinalIgnoreCase);

    private static bool IsAsnType(string type) =>
        type.Contains("ASN", StringComparison.OrdinalIgnoreCase) || type.Contains("ISP", StringComparison.OrdinalIgnoreCase);
}
