using Vigil.Core.Telemetry;
using Vigil.Enrichment.Geo;
using Vigil.Enrichment.Ip;
using Vigil.Enrichment.UserAgents;

namespace Vigil.Core.Enrichment;

/// <summary>
/// The enrichment step: IP -> ASN, country, city, coordinates (when a MaxMind-format database is configured),
/// IP -> reputation categories (when IP lists are configured), user agent -> browser, OS, device type and
/// scripted-client flag. What the event already says wins; enrichment only fills gaps. Thread-safe.
/// </summary>
public sealed class EventEnricher : IEventEnricher
{
    private readonly GeoIpDatabase? _geo;
    private readonly IpReputation _reputation;
    private readonly UserAgentParser _userAgents;

    /// <summary>Creates the step; every part is optional but the user-agent parser.</summary>
    public EventEnricher(GeoIpDatabase? geo = null, IpReputation? reputation = null, UserAgentParser? userAgents = null)
    {
        _geo = geo;
        _reputation = reputation ?? IpReputation.Empty;
        _userAgents = userAgents ?? new UserAgentParser();
    }

    /// <inheritdoc />
    public TelemetryEvent Enrich(in TelemetryEvent telemetryEvent)
    {
        ref readonly var e = ref telemetryEvent;
        var result = e;
        if (e.SourceIp is not null)
        {
            var categories = _reputation.Lookup(e.SourceIp);
            if (categories != IpCategory.None)
            {
                result = result with { SourceCategories = result.SourceCategories | categories };
            }

            if (_geo is not null && (e.Country is null || e.AsNumber == 0 || e.Location is null))
            {
                var geo = _geo.Lookup(e.SourceIp);
                if (!geo.IsUnknown)
                {
                    result = result with
                    {
                        Country = e.Country ?? geo.CountryIsoCode,
                        City = e.City ?? geo.City,
                        Location = e.Location ?? (geo.HasCoordinates ? new GeoPoint(geo.Latitude!.Value, geo.Longitude!.Value) : null),
                        AsNumber = e.AsNumber != 0 ? e.AsNumber : geo.Asn ?? 0,
                        AsOrganization = e.AsOrganization ?? geo.AsOrganization,
                    };
                }
            }
        }

        if (e.UserAgent is not null && (e.Browser is null || e.OperatingSystem is null || e.DeviceType is null))
        {
            var ua = _userAgents.Parse(e.UserAgent);
            result = result with
            {
                Browser = e.Browser ?? ua.Browser,
                BrowserMajor = e.Browser is null ? ua.BrowserMajorVersion : e.BrowserMajor,
                OperatingSystem = e.OperatingSystem ?? ua.Os,
                DeviceType = e.DeviceType ?? DeviceName(ua.Device),
                IsScriptedClient = e.IsScriptedClient || ua.IsScripted,
            };
        }
        else if (e.UserAgent is null && e.Browser is null && e.Kind == EventKind.SignIn && e.IdentityKind == IdentityKind.Human)
        {
            // A person's sign-in with no user agent at all is a script.
            result = result with { IsScriptedClient = true };
        }

        return result;
    }

    private static string DeviceName(DeviceType type) => type switch
    {
        DeviceType.Desktop => "Desktop",
        DeviceType.Mobile => "Mobile",
        DeviceType.Tablet => "Tablet",
        DeviceType.Bot => "Bot",
        _ => "Other",
    };
}
