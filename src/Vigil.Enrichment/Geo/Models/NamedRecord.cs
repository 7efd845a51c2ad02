using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>A place with localised names; only the English name is decoded.</summary>
internal sealed class NamedRecord
{
    [Constructor]
    public NamedRecord([MapKey("names")] NamesRecord? names)
    {
        Names = names;
    }

    public NamesRecord? Names { get; }
}
