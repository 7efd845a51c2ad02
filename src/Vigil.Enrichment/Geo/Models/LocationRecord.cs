using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>
/// The parts of a GeoIP2/GeoLite2 City or Country record that Vigil uses. Keys follow MaxMind's GeoIP2 database
/// schema; keys not named here (subdivisions, postal, traits, other languages) are skipped by the decoder.
/// </summary>
internal sealed class LocationRecord
{
    [Constructor]
    public LocationRecord(
        [MapKey("city")] NamedRecord? city,
        [MapKey("country")] CountryRecord? country,
        [MapKey("registered_country")] CountryRecord? registeredCountry,
        [MapKey("location")] CoordinatesRecord? location)
    {
        City = city;
        Country = country;
        RegisteredCountry = registeredCountry;
        Location = location;
    }

    public NamedRecord? City { get; }

    public CountryRecord? Country { get; }

    public CountryRecord? RegisteredCountry { get; }

    public CoordinatesRecord? Location { get; }
}
