namespace Vigil.Server.Tests.SharedSignals;

/// <summary>A measurement rather than a check (docs/benchmarks.md): skipped unless VIGIL_PROBES=1, so the suite stays fast and free of timing.</summary>
public sealed class ProbeFactAttribute : FactAttribute
{
    public ProbeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_PROBES") != "1")
        {
            Skip = "a measurement, not a check: set VIGIL_PROBES=1 to run it (docs/benchmarks.md, Shared Signals)";
        }
    }
}
