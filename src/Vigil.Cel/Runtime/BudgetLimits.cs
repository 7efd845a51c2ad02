namespace Vigil.Cel.Runtime;

/// <summary>The run-time limits of one environment, with their error values built once so a breach does not allocate.</summary>
internal sealed class BudgetLimits
{
    public BudgetLimits(long maxIterations, long maxCost, long maxAllocation)
    {
        MaxIterations = maxIterations;
        MaxCost = maxCost;
        MaxAllocation = maxAllocation;
        IterationsExceeded = CelValue.Error($"evaluation exceeded {maxIterations} comprehension iterations (CelOptions.MaxIterations)");
        CostExceeded = CelValue.Error($"evaluation exceeded its cost budget of {maxCost} (CelOptions.MaxRuntimeCost)");
        AllocationExceeded = CelValue.Error($"evaluation exceeded its memory budget of {maxAllocation} units (CelOptions.MaxAllocation)");
    }

    public static BudgetLimits Default { get; } = From(new CelOptions());

    public long MaxIterations { get; }

    public long MaxCost { get; }

    public long MaxAllocation { get; }

    public CelValue IterationsExceeded { get; }

    public CelValue CostExceeded { get; }

    public CelValue AllocationExceeded { get; }

    public static BudgetLimits From(CelOptions options) => new(options.MaxIterations, options.MaxRuntimeCost, options.MaxAllocation);
}
