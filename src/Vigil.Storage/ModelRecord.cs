namespace Vigil.Storage;

/// <summary>One stored supervised model version (without its bytes) and its status now.</summary>
/// <param name="Version">1, 2, ... in the order models were added.</param>
/// <param name="Name">The model's own name.</param>
/// <param name="CreatedMs">When it was added, Unix milliseconds.</param>
/// <param name="Author">Who added it.</param>
/// <param name="Comment">Why, or how it was trained.</param>
/// <param name="Status">"in force" (scores are used), "shadow" (the newest model never in force: scored beside it, not used), "retired" or "candidate".</param>
public sealed record ModelRecord(long Version, string Name, long CreatedMs, string Author, string? Comment, string Status);
