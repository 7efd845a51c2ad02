namespace Vigil.Language;

/// <summary>What the encoder and its cache did so far.</summary>
/// <param name="Hits">Lookups answered from the cache.</param>
/// <param name="Misses">Lookups that ran the model.</param>
/// <param name="Evictions">Entries dropped to stay within the cache's bounds.</param>
/// <param name="OverBudget">Encodes that took longer than <see cref="TextEmbedderOptions.TimeBudgetMs"/>.</param>
/// <param name="Entries">Entries held now.</param>
/// <param name="Bytes">Bytes the entries cost now (as <see cref="TextEmbedderOptions.CacheBytes"/> counts them).</param>
public readonly record struct EmbedderStatistics(long Hits, long Misses, long Evictions, long OverBudget, int Entries, long Bytes)
{
    /// <summary>Share of lookups answered from the cache, 0..1.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
