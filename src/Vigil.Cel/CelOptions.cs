namespace Vigil.Cel;

/// <summary>Limits applied when compiling and evaluating CEL. Defaults suit access-policy conditions.</summary>
public sealed record CelOptions
{
    /// <summary>Maximum source length in characters. Default 10,000; range 1..1,000,000.</summary>
    public int MaxExpressionLength { get; init; } = 10_000;

    /// <summary>Maximum nesting depth of the parsed expression. Default 64; range 1..250. Deeper input is a compile error, never a stack overflow.</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Maximum estimated evaluation cost (roughly, operations). Default 100,000; programs above it are rejected at compile time.</summary>
    public long MaxCost { get; init; } = 100_000;

    /// <summary>Size assumed for lists and maps whose size is unknown at compile time, for the cost estimate. Default 100.</summary>
    public long AssumedCollectionSize { get; init; } = 100;

    /// <summary>Maximum comprehension iterations (all, exists, map, filter, ...) in one evaluation. Default 100,000; range 1..100,000,000. Exceeding it evaluates to an error.</summary>
    public long MaxIterations { get; init; } = 100_000;

    /// <summary>
    /// Maximum run-time cost of one evaluation. Default 1,000,000 (Kubernetes' per-expression limit); range
    /// 1..10,000,000,000. Each comprehension iteration costs 1 and string and list functions cost a tenth of a unit
    /// per character or element they scan or produce (as cel-go counts). Exceeding it evaluates to an error.
    /// </summary>
    public long MaxRuntimeCost { get; init; } = 1_000_000;

    /// <summary>
    /// Maximum memory one evaluation may create, in units of one character, byte, list element or map entry of
    /// every string, bytes, list or map it produces (data passed in is not counted). Default 1,000,000 (a few tens of
    /// megabytes at most); range 1..1,000,000,000. A function checks before it allocates, so exceeding it evaluates to an
    /// error, never an <see cref="OutOfMemoryException"/>.
    /// </summary>
    public long MaxAllocation { get; init; } = 1_000_000;

    /// <summary>Timeout for one regular expression match. Default 100 ms; a timeout evaluates to an error.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Container (namespace) used to resolve names, e.g. "vigil.policy". Default empty.</summary>
    public string Container { get; init; } = "";

    /// <summary>Skip type errors (names are still resolved; unknown names fail at run time). Default false; for conformance testing.</summary>
    public bool DisableTypeChecking { get; init; }

    internal void Validate()
    {
        if (MaxExpressionLength is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExpressionLength), MaxExpressionLength, "CelOptions.MaxExpressionLength must be in 1..1,000,000.");
        }

        if (MaxNestingDepth is < 1 or > 250)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNestingDepth), MaxNestingDepth, "CelOptions.MaxNestingDepth must be in 1..250.");
        }

        if (MaxCost < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCost), MaxCost, "CelOptions.MaxCost must be positive.");
        }

        if (AssumedCollectionSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AssumedCollectionSize), AssumedCollectionSize, "CelOptions.AssumedCollectionSize must be positive.");
        }

        if (MaxIterations is < 1 or > 100_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "CelOptions.MaxIterations must be in 1..100,000,000.");
        }

        if (MaxRuntimeCost is < 1 or > 10_000_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRuntimeCost), MaxRuntimeCost, "CelOptions.MaxRuntimeCost must be in 1..10,000,000,000.");
        }

        if (MaxAllocation is < 1 or > 1_000_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAllocation), MaxAllocation, "CelOptions.MaxAllocation must be in 1..1,000,000,000.");
        }

        if (RegexTimeout <= TimeSpan.Zero || RegexTimeout > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(RegexTimeout), RegexTimeout, "CelOptions.RegexTimeout must be in (0, 10 s].");
        }
    }
}
