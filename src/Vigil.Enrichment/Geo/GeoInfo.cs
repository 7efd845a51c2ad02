namespace Vigil.Enrichment.Geo;

/// <summary>Where an IP address is and which network announces it, as far as the configured databases know.</summary>
/// <param name="CountryIsoCode">ISO 3166-1 alpha-2 code ("DE"); the registered country when the located country is unknown. Shared string instances.</param>
/// <param name="City">English city name, if the database has one.</param>
/// <param name="Latitude">Approximate latitude in degrees.</param>
/// <param name="Longitude">Approximate longitude in degrees.</param>
/// <param name="AccuracyRadiusKm">MaxMind's radius, in km, around the coordinates within which the address likely is (67% confidence).</param>
/// <param name="Asn">Autonomous system number.</param>
/// <param name="AsOrganization">Organisation registered for the autonomous system.</param>
public readonly record struct GeoInfo(
    string? CountryIsoCode,
    string? City,
    double? Latitude,
    double? Longitude,
    int? AccuracyRadiusKm,
    uint? Asn,
    string? AsOrganization)
{
    /// <summary>Nothing known (private address, address not in the databases, or no database configured).</summary>
    public static GeoInfo Unknown => default;

    /// <summary>True when the databases know nothing about the address.</summary>
    public bool IsUnknown => this == default;

    /// <summary>True when both coordinates are known (needed for travel-speed checks).</summary>
    public bool HasCoordinates => Latitude.HasValue && Longitude.HasValue;
}
