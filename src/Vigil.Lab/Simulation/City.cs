using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>A real city with its centroid and standard UTC offset (daylight saving is ignored on purpose: it
/// shifts whole populations by an hour and adds nothing to detection quality).</summary>
internal sealed class City
{
    public City(int index, string name, string countryIso, string countryName, double lat, double lon, double utcOffsetHours)
    {
        Index = index;
        Name = name;
        CountryIso = countryIso;
        CountryName = countryName;
        Lat = lat;
        Lon = lon;
        UtcOffsetMs = (long)(utcOffsetHours * 3_600_000);
        EncodedName = JsonEncodedText.Encode(name, EcsWriter.Encoder);
        EncodedCountry = JsonEncodedText.Encode(countryIso, EcsWriter.Encoder);
        LatUtf8 = Encoding.UTF8.GetBytes(lat.ToString("0.0###", CultureInfo.InvariantCulture));
        LonUtf8 = Encoding.UTF8.GetBytes(lon.ToString("0.0###", CultureInfo.InvariantCulture));
        GeoJson = EcsWriter.Render(w =>
        {
            w.WriteString("country_iso_code", EncodedCountry);
            w.WriteString("city_name", EncodedName);
            w.WriteStartObject("location");
            w.WritePropertyName("lat");
            w.WriteRawValue(LatUtf8, skipInputValidation: true);
            w.WritePropertyName("lon");
            w.WriteRawValue(LonUtf8, skipInputValidation: true);
            w.WriteEndObject();
        });
    }

    public int Index { get; }

    public string Name { get; }

    public string CountryIso { get; }

    public string CountryName { get; }

    public double Lat { get; }

    public double Lon { get; }

    public long UtcOffsetMs { get; }

    public JsonEncodedText EncodedName { get; }

    public JsonEncodedText EncodedCountry { get; }

    public byte[] LatUtf8 { get; }

    public byte[] LonUtf8 { get; }

    /// <summary>The ECS <c>source.geo</c> object, rendered once.</summary>
    public byte[] GeoJson { get; }

    /// <summary>Great-circle distance in km (haversine).</summary>
    public double DistanceKm(City other)
    {
        const double R = 6371.0;
        var dLat = (other.Lat - Lat) * Math.PI / 180;
        var dLon = (other.Lon - Lon) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(Lat * Math.PI / 180) * Math.Cos(other.Lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
