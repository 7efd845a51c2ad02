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

        if (RegexTimeout <= TimeSpan.Zero || RegexTimeout > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(RegexTimeout), RegexTimeout, "CelOptions.RegexTimeout must be in (0, 10 s].");
        }
    }
}
