namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// Parses user-agent strings into browser family and major version, OS family and version, device type, and
/// whether the client looks scripted (curl, python-requests, HeadlessChrome, ...) or is a declared crawler.
/// Results are cached in a bounded cache keyed by the string, so repeated strings (the common case: a user keeps
/// one browser) cost a hash and a compare and allocate nothing; family names are shared constants.
/// Thread-safe: share one instance.
/// </summary>
public sealed class UserAgentParser
{
    private readonly UserAgentCache? cache;
    private readonly ulong seed = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>Creates a parser with a cache of about <paramref name="cacheCapacity"/> entries (rounded up to a power of two; 0 disables caching).</summary>
    /// <param name="cacheCapacity">Number of cache slots; default 4096. Memory is at most about capacity x 2 KB.</param>
    public UserAgentParser(int cacheCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        cache = cacheCapacity == 0 ? null : new UserAgentCache(cacheCapacity);
    }

    /// <summary>Parses <paramref name="userAgent"/>; null or blank gives <see cref="ScriptedClientKind.EmptyUserAgent"/>.</summary>
    public UserAgentInfo Parse(string? userAgent)
    {
        if (userAgent is null)
        {
            return UserAgentClassifier.Classify(default);
        }

        if (cache is null)
        {
            return UserAgentClassifier.Classify(userAgent);
        }

        int hash = KeyHash.Compute(userAgent, seed);
        if (cache.TryGet(userAgent, hash, out var cached))
        {
            return cached;
        }

        var info = UserAgentClassifier.Classify(userAgent);
        cache.Set(userAgent, hash, info);
        return info;
    }

    /// <summary>
    /// Parses a user agent held in a buffer (e.g. a slice of a request line). A cache hit allocates nothing; a miss
    /// copies the string once to key the cache.
    /// </summary>
    public UserAgentInfo Parse(ReadOnlySpan<char> userAgent)
    {
        if (cache is null)
        {
            return UserAgentClassifier.Classify(userAgent);
        }

        int hash = KeyHash.Compute(userAgent, seed);
        if (cache.TryGet(userAgent, hash, out var cached))
        {
            return cached;
        }

        var info = UserAgentClassifier.Classify(userAgent);
        if (userAgent.Length <= UserAgentCache.MaxKeyLength)
        {
            cache.Set(userAgent.ToString(), hash, info);
        }

        return info;
    }

    /// <summary>Parses without touching any cache. Allocation-free; for one-off strings that would only evict useful entries.</summary>
    public static UserAgentInfo ParseUncached(ReadOnlySpan<char> userAgent) => UserAgentClassifier.Classify(userAgent);
}
