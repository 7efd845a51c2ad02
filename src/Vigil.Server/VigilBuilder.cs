namespace Vigil.Server;

/// <summary>
/// What <see cref="VigilServiceCollectionExtensions.AddVigil(IServiceCollection, Action{ServerOptions})"/> returns: the parts of Vigil a host may set after the
/// settings callback (where its data lives, the enrichment sources, the clock). Each call adds to the
/// <see cref="ServerOptions"/> the service is built with, so it is validated at start-up like every other setting.
/// </summary>
public sealed class VigilBuilder
{
    internal VigilBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The application's services, for registering more parts beside Vigil.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps the event journal, the audit log, policies, keys and checkpoints in SQLite files under <paramref name="dataDirectory"/> (created when absent).</summary>
    public VigilBuilder UseSqlite(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Services.Configure<ServerOptions>(o => o.DataDirectory = dataDirectory);
        return this;
    }

    /// <summary>Adds MaxMind-format GeoIP databases (<c>--geoip-city</c>, <c>--geoip-asn</c>): location, network provider and impossible travel for events that carry only an address.</summary>
    public VigilBuilder AddGeoIp(string? cityDatabase, string? asnDatabase = null)
    {
        Services.Configure<ServerOptions>(o =>
        {
            o.Enrichment.GeoIpCity = cityDatabase ?? o.Enrichment.GeoIpCity;
            o.Enrichment.GeoIpAsn = asnDatabase ?? o.Enrichment.GeoIpAsn;
        });
        return this;
    }

    /// <summary>Adds an IP list (<c>--ip-list CATEGORY=FILE</c>, e.g. <c>tor=exits.txt</c>): addresses and networks of a category such as anonymisers or known attackers.</summary>
    public VigilBuilder AddIpList(string category, string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        Services.Configure<ServerOptions>(o => o.Enrichment.IpLists.Add(category + "=" + file));
        return this;
    }

    /// <summary>Runs Vigil on <paramref name="time"/> (a fake clock in tests). Without it Vigil uses the application's <see cref="TimeProvider"/> service, or the system clock.</summary>
    public VigilBuilder UseTimeProvider(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Services.Configure<ServerOptions>(o => o.Time = time);
        return this;
    }
}
