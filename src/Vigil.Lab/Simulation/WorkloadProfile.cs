namespace Vigil.Lab.Simulation;

/// <summary>A service principal or API key: where it runs, what it calls and how regularly.</summary>
internal sealed class WorkloadProfile
{
    public required int Index { get; init; }

    public required Identity Identity { get; init; }

    /// <summary>monitoring, integration, etl, ci or backup.</summary>
    public required string Pattern { get; init; }

    public required int Provider { get; init; }

    public required int Region { get; init; }

    public required Resource[] Targets { get; init; }

    /// <summary>Mean gap between calls in steady operation.</summary>
    public required long IntervalMs { get; init; }

    public required AuthMethod Auth { get; init; }

    public required string ClientName { get; init; }

    /// <summary>Days between deployments (new addresses, new client version).</summary>
    public required int DeployEveryDays { get; init; }

    /// <summary>Days between credential rotations.</summary>
    public required int RotateEveryDays { get; init; }

    /// <summary>UTC offset of the owning team, for jobs that follow office hours (CI).</summary>
    public required long OffsetMs { get; init; }

    public required ulong Seed { get; init; }
}
