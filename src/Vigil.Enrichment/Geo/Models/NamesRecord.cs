using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>
/// The "names" map, decoded for English only: binding one key avoids building a dictionary of every language
/// per lookup. English is in every GeoIP2 record that has names.
/// </summary>
internal sealed class NamesRecord
{
    [Constructor]
    public NamesRecord([MapKey("en")] string? english)
    {
        English = english;
    }

    public string? English { get; }
}
