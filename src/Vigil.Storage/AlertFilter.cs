namespace Vigil.Storage;

/// <summary>
/// Which alerts (or incidents) to list, newest first; every member is optional. Paging is by keyset: <see cref="BeforeId"/>
/// is the last id of the previous page, so a page costs the same however deep it is and new alerts never shift it.
/// </summary>
public sealed record AlertFilter
{
    /// <summary>Only this tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only this identity.</summary>
    public string? Identity { get; init; }

    /// <summary>Only these levels (low, medium, high, critical); empty for all.</summary>
    public IReadOnlyList<string> Levels { get; init; } = [];

    /// <summary>Only these statuses; empty for all.</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Only events at or after this time, Unix ms.</summary>
    public long? SinceMs { get; init; }

    /// <summary>Only events before this time, Unix ms.</summary>
    public long? UntilMs { get; init; }

    /// <summary>Only ids below this one (the cursor).</summary>
    public long? BeforeId { get; init; }

    /// <summary>Only alerts of this incident.</summary>
    public long? IncidentId { get; init; }

    /// <summary>Most rows to return.</summary>
    public int Limit { get; init; } = 50;
}
