using System.Globalization;

namespace Vigil.Lab.Simulation;

/// <summary>
/// Settings of one simulation run. The same options and <see cref="Seed"/> always give byte-identical output.
/// Call <see cref="Validate"/> to get every problem at once; <see cref="TelemetrySimulator"/> refuses invalid options.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of every random choice. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Human identities (employees). Range 1..1,000,000, default 1,000.</summary>
    public int Humans { get; init; } = 1_000;

    /// <summary>Workload identities (service principals and API keys). Range 0..100,000, default 50.</summary>
    public int Workloads { get; init; } = 50;

    /// <summary>AI agents acting on behalf of users. Range 0..100,000, default 20.</summary>
    public int Agents { get; init; } = 20;

    /// <summary>Simulated days. Range 1..366, default 14.</summary>
    public int Days { get; init; } = 14;

    /// <summary>First simulated day (UTC midnight). Range 2000-01-01..2099-12-31, default 2026-03-02 (a Monday).</summary>
    public DateOnly StartDate { get; init; } = new(2026, 3, 2);

    /// <summary>
    /// Attack campaigns per simulated week, over all types. Range 0..10,000, default 12. Zero gives attack-free
    /// telemetry. Every type with a positive weight in <see cref="AttackMix"/> gets at least one campaign.
    /// </summary>
    public double AttackCampaignsPerWeek { get; init; } = 12;

    /// <summary>
    /// Relative weight of each attack type (0 or more; missing types weigh 0). Default: every type weighs 1, except
    /// <see cref="AttackType.LowAndSlowTakeover"/> (0, opt-in with <c>--attack-mix</c>), so the default streams, and every
    /// number measured on them, stay what they were before it existed.
    /// </summary>
    public IReadOnlyDictionary<AttackType, double> AttackMix { get; init; } =
        AttackTypeNames.All.ToDictionary(t => t, t => t == AttackType.LowAndSlowTakeover ? 0.0 : 1.0);

    /// <summary>Share of attacker-only infrastructure listed in known_bad.txt, 0..1. Default 0.5 (threat intel is incomplete).</summary>
    public double KnownBadCoverage { get; init; } = 0.5;

    /// <summary>Value of <c>labels.tenant</c>. Default <c>tenant-sim</c>.</summary>
    public string Tenant { get; init; } = "tenant-sim";

    /// <summary>Domain of human e-mail addresses. Default <c>corp.example</c>.</summary>
    public string EmailDomain { get; init; } = "corp.example";

    /// <summary>
    /// When set, the IP list files (anonymisers.txt, hosting.txt, known_bad.txt, corporate_egress.txt) are
    /// written to this directory (created if missing). Default null: no files.
    /// </summary>
    public string? IpListDirectory { get; init; }

    /// <summary>Events between progress reports. Range 1,000..100,000,000, default 100,000.</summary>
    public int ProgressInterval { get; init; } = 100_000;

    /// <summary>Every problem with these options, each naming the setting and the allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"SimulationOptions.{name} must be between {min:#,0.##} and {max:#,0.##} (got {value})."));
            }
        }

        Range(nameof(Humans), Humans, 1, 1_000_000);
        Range(nameof(Workloads), Workloads, 0, 100_000);
        Range(nameof(Agents), Agents, 0, 100_000);
        Range(nameof(Days), Days, 1, 366);
        Range(nameof(AttackCampaignsPerWeek), AttackCampaignsPerWeek, 0, 10_000);
        Range(nameof(KnownBadCoverage), KnownBadCoverage, 0, 1);
        Range(nameof(ProgressInterval), ProgressInterval, 1_000, 100_000_000);
        if (StartDate < new DateOnly(2000, 1, 1) || StartDate > new DateOnly(2099, 12, 31))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"SimulationOptions.{nameof(StartDate)} must be between 2000-01-01 and 2099-12-31 (got {StartDate:yyyy-MM-dd})."));
        }

        if (string.IsNullOrWhiteSpace(Tenant))
        {
            errors.Add($"SimulationOptions.{nameof(Tenant)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(EmailDomain) || EmailDomain.Contains('@', StringComparison.Ordinal))
        {
            errors.Add($"SimulationOptions.{nameof(EmailDomain)} must be a domain such as corp.example, without '@'.");
        }

        if (IpListDirectory is { Length: 0 })
        {
            errors.Add($"SimulationOptions.{nameof(IpListDirectory)} must be null (no files) or a directory path.");
        }

        if (AttackMix is null)
        {
            errors.Add($"SimulationOptions.{nameof(AttackMix)} must not be null; use an empty map for no attacks.");
            return errors;
        }

        var positive = 0;
        foreach (var (type, weight) in AttackMix)
        {
            var label = Enum.IsDefined(type) ? AttackTypeNames.ToLabel(type) : ((int)type).ToString(CultureInfo.InvariantCulture);
            if (!Enum.IsDefined(type))
            {
                errors.Add($"SimulationOptions.{nameof(AttackMix)} has an unknown attack type {label}.");
                continue;
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"SimulationOptions.{nameof(AttackMix)}[{label}] must be a finite weight >= 0 (got {weight})."));
                continue;
            }

            if (weight == 0)
            {
                continue;
            }

            positive++;
            if (type == AttackType.WorkloadKeyLeak && Workloads == 0)
            {
                errors.Add($"SimulationOptions.{nameof(AttackMix)}[{label}] > 0 needs {nameof(Workloads)} >= 1; set its weight to 0 or add workloads.");
            }

            if (type == AttackType.AgentHijack && Agents == 0)
            {
                errors.Add($"SimulationOptions.{nameof(AttackMix)}[{label}] > 0 needs {nameof(Agents)} >= 1; set its weight to 0 or add agents.");
            }
        }

        if (AttackCampaignsPerWeek > 0 && positive == 0)
        {
            errors.Add($"SimulationOptions.{nameof(AttackCampaignsPerWeek)} is above 0 but every {nameof(AttackMix)} weight is 0; set a weight or set the rate to 0.");
        }

        return errors;
    }
}
