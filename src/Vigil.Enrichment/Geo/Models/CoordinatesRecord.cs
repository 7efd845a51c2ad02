using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>The "location" map: coordinates and MaxMind's accuracy radius in kilometres.</summary>
internal sealed class CoordinatesRecord
{
    [Constructor]
    public CoordinatesRecord(
        [MapKey("latitude")] double? latitude,
        [MapKey("longitude")] double? longitude,
        [MapKey("accuracy_radius")] int? accuracyRadius)
    {
        Latitude = latitude;
        Longitude = longitude;
        AccuracyRadius = accuracyRadius;
    }

    public double? Latitude { get; }

    public double? Longitude { get; }

    public int? AccuracyRadius { get; }
}
