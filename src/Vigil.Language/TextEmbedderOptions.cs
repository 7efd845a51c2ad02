namespace Vigil.Language;

/// <summary>Settings of the sentence encoder and its cache (docs/language.md).</summary>
public sealed record TextEmbedderOptions
{
    /// <summary>Distinct strings the cache holds at most. Default 65,536; 1 to 10,000,000.</summary>
    public int CacheEntries { get; init; } = 65_536;

    /// <summary>
    /// Memory the cache may hold, in bytes: each entry costs its text (2 bytes a character) plus its vector
    /// (384 bytes) plus about 100 bytes of bookkeeping. Default 64 MiB; 1 MiB to 4 GiB.
    /// </summary>
    public long CacheBytes { get; init; } = 64L << 20;

    /// <summary>Strings encoded in one model call by <see cref="MiniLmTextEmbedder.EmbedMany"/>. Default 8; 1 to 256.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// The time one encode is expected to take, in milliseconds. An encode that takes longer is still used (dropping it
    /// would make a score depend on the machine's speed) but is counted in <see cref="EmbedderStatistics.OverBudget"/>.
    /// Default 50; 1 to 10,000.
    /// </summary>
    public int TimeBudgetMs { get; init; } = 50;

    /// <summary>Every invalid setting, each with how to fix it; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CacheEntries is < 1 or > 10_000_000)
        {
            errors.Add($"CacheEntries is {CacheEntries}; it must be between 1 and 10000000.");
        }

        if (CacheBytes is < 1L << 20 or > 4L << 30)
        {
            errors.Add($"CacheBytes is {CacheBytes}; it must be between 1048576 (1 MiB) and 4294967296 (4 GiB).");
        }

        if (BatchSize is < 1 or > 256)
        {
            errors.Add($"BatchSize is {BatchSize}; it must be between 1 and 256.");
        }

        if (TimeBudgetMs is < 1 or > 10_000)
        {
            errors.Add($"TimeBudgetMs is {TimeBudgetMs}; it must be between 1 and 10000.");
        }

        return errors;
    }
}
