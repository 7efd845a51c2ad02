namespace Vigil.Core.Engine;

/// <summary>
/// Settings of the risk engine. Defaults are tuned on the evaluation lab (docs/evaluation.md); every value is
/// checked by <see cref="Validate"/>, which names the setting and the allowed range.
/// </summary>
public sealed record VigilEngineOptions
{
    /// <summary>Tenant used when an event names none. Default "default".</summary>
    public string DefaultTenant { get; init; } = "default";

    /// <summary>
    /// Tenants configuration declares besides <see cref="DefaultTenant"/>: like it, any source may create them, so an
    /// observed access request naming one is learned before anything was ingested for it. Other tenants come only from
    /// ingestion (issue 11, defect 3). Default none.
    /// </summary>
    public IReadOnlySet<string> Tenants { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Seed of the randomised models (half-space trees), so replays are identical. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Events scoring at or above this (0..100) are held out of the baseline until confirmed. Default 50.</summary>
    public int HoldOutScore { get; init; } = 50;

    /// <summary>Speed above which travel between consecutive sign-ins is impossible, km/h. Default 900 (an airliner).</summary>
    public double ImpossibleTravelSpeedKmh { get; init; } = 900;

    /// <summary>Distances below this are ignored by travel checks: IP geolocation is coarse. Default 500 km.</summary>
    public double TravelMinimumDistanceKm { get; init; } = 500;

    /// <summary>An IP prefix used by at least this many identities is shared egress (VPN, office NAT). Default 5.</summary>
    public int SharedEgressIdentities { get; init; } = 5;

    /// <summary>Failed sign-ins on one account within 30 minutes that count as brute force. Default 8.</summary>
    public int BruteForceFailures { get; init; } = 8;

    /// <summary>Distinct accounts tried from one source within 10 minutes that count as credential stuffing. Default 10.</summary>
    public int StuffingAccounts { get; init; } = 10;

    /// <summary>Distinct accounts failing from one source within an hour that count as password spray. Default 8.</summary>
    public int SprayAccounts { get; init; } = 8;

    /// <summary>MFA prompts denied or unanswered within 15 minutes that count as fatigue. Default 3.</summary>
    public int MfaFatiguePrompts { get; init; } = 3;

    /// <summary>Days after which a device's posture report is stale. Default 14.</summary>
    public double StalePostureDays { get; init; } = 14;

    /// <summary>Half-life of accumulated identity risk, hours. Default 24.</summary>
    public double IdentityRiskHalfLifeHours { get; init; } = 24;

    /// <summary>Learned sign-ins before hour-of-week and rate profiles are trusted. Default 20.</summary>
    public int MinimumHistory { get; init; } = 20;

    /// <summary>Idle time after which a source address's counters are dropped, minutes. Default 120.</summary>
    public int SourceIdleMinutes { get; init; } = 120;

    /// <summary>
    /// Most tenants the engine holds (each costs about half a megabyte). An event naming a new tenant past the cap is
    /// assessed but not learned. Default 1,000.
    /// </summary>
    public int MaxTenants { get; init; } = 1_000;

    /// <summary>
    /// Risk asserted by other systems (an identity provider's Shared Signals), added to every access attempt's factors;
    /// null (the default) for none. Its state lives with its owner, not in checkpoints.
    /// </summary>
    public IExternalRiskSource? ExternalRisk { get; init; }

    /// <summary>
    /// Most identities a tenant keeps in memory once <see cref="VigilEngine.EvictIdle"/> runs (the service runs it at
    /// each checkpoint); the least recently seen beyond it go to the engine's <see cref="VigilEngine.Spill"/> and come
    /// back on their next event, scoring as if they had stayed. 0 (the default): no cap; else 1..100,000,000.
    /// </summary>
    public int MaxIdentitiesPerTenant { get; init; }

    /// <summary>
    /// Most peer groups a tenant holds. A peer group is named by the events that create identities (peer group,
    /// department or group), so an ingesting caller could otherwise make up any number; a new identity naming a new
    /// group past the cap joins its kind's group (people, workloads, agents) instead, on every replay alike.
    /// Default 1,000; 1..1,000,000.
    /// </summary>
    public int MaxPeerGroupsPerTenant { get; init; } = 1_000;

    /// <summary>Model families to run. Default all; the evaluation lab runs subsets as reference models.</summary>
    public DetectorFamilies Detectors { get; init; } = DetectorFamilies.All;

    /// <summary>Length of the graph family's tick, seconds: the unit its burst counts and means are per (MIDAS's timestamp). Default 60.</summary>
    public int GraphTickSeconds { get; init; } = 60;

    /// <summary>Factor the graph family's current counts keep per tick (MIDAS-R's alpha). Default 0.5, as in the paper.</summary>
    public double GraphDecay { get; init; } = 0.5;

    /// <summary>Hash rows of each of the graph family's count-min sketches. Default 2, as in the paper; 1..8.</summary>
    public int GraphSketchRows { get; init; } = 2;

    /// <summary>
    /// Buckets per row of each graph sketch, a power of two from 256 to 1,048,576. Default 1,024, as in the paper:
    /// three sketches (edges, sources, destinations) of 2 x 1,024 cells of 28 bytes, 172 KB per tenant whatever the
    /// number of identities and resources (docs/graph.md).
    /// </summary>
    public int GraphSketchBuckets { get; init; } = 1024;

    /// <summary>
    /// Nodes the typed access graph keeps per tenant (identities, devices, addresses, hosts, resources, groups); past
    /// it the least recently seen eighth is evicted. Default 200,000; 16..10,000,000 (docs/graph.md, "The access graph").
    /// </summary>
    public int GraphMaxNodes { get; init; } = 200_000;

    /// <summary>Edges kept out of one node, and sources recorded into one; the least recently used give way. Default 64; 2..4,096.</summary>
    public int GraphMaxDegree { get; init; } = 64;

    /// <summary>Days after which a node of the access graph nobody touched is dropped. Default 30; 1..3,650.</summary>
    public int GraphIdleDays { get; init; } = 30;

    /// <summary>Minutes in which the taint a risky event leaves on the access graph halves. Default 60; 1..10,080.</summary>
    public int GraphTaintHalfLifeMinutes { get; init; } = 60;

    /// <summary>
    /// Whether the graph family judges how plausible a new edge is given the identity's group (VG1705, docs/graph.md,
    /// "Link plausibility"). Default on; off in the evaluation's <c>vigil-no-link</c> model, which measures what it adds.
    /// </summary>
    public bool GraphLinkPlausibility { get; init; } = true;

    /// <summary>
    /// The supervised family's model (docs/supervised.md): <see cref="Supervised.SupervisedModel.Starter"/>, one read
    /// from a file or the model store, or null (the default), which leaves the family inert even when
    /// <see cref="Detectors"/> includes it, so scores stay those of the unsupervised families until a model is chosen.
    /// </summary>
    public Supervised.SupervisedModel? SupervisedModel { get; init; }

    /// <summary>
    /// A model run in shadow beside <see cref="SupervisedModel"/> (docs/supervised.md, "Lifecycle"): its probability is
    /// computed on the same features and reported in <see cref="Scoring.RiskAssessment.ShadowProbability"/>, never used
    /// in the score, so it can be compared on labels before it is promoted. Default none.
    /// </summary>
    public Supervised.SupervisedModel? ShadowModel { get; init; }

    /// <summary>
    /// Whether an access from a network new to its identity waits <see cref="VigilEngine.ProbationMs"/> before it is
    /// learned (issue 13, item 4: baselines an attacker cannot teach). Default true; false learns it at once, as before
    /// probation existed: only for measuring what probation costs (<c>vigil evaluate --feedback-budget</c>, docs/evaluation.md).
    /// </summary>
    public bool Probation { get; init; } = true;

    /// <summary>Weight of the supervised factor in the fusion (its share of the risk is weight x probability). Default 0.9; 0..1.</summary>
    public double SupervisedWeight { get; init; } = 0.9;

    /// <summary>
    /// Probability of compromise below which the supervised family adds no factor (its explanation would only
    /// clutter the reasons). Default 0.05; 0..1.
    /// </summary>
    public double SupervisedMinimumProbability { get; init; } = 0.05;

    /// <summary>
    /// The sentence encoder of the language family (Vigil.Language's <c>MiniLmTextEmbedder</c>, docs/language.md).
    /// Default none: the <see cref="DetectorFamilies.Language"/> detectors then do nothing. A text new to the
    /// encoder's cache is encoded inside the event that brings it (milliseconds; docs/benchmarks.md).
    /// </summary>
    public Language.ITextEmbedder? TextEmbedder { get; init; }

    /// <summary>Every setting that is out of range, each with its name and the allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add(FormattableString.Invariant($"{name} is {value}; it must be between {min} and {max}."));
            }
        }

        if (string.IsNullOrWhiteSpace(DefaultTenant))
        {
            errors.Add("DefaultTenant is empty; give the name of the tenant used when an event names none.");
        }

        if (Detectors == DetectorFamilies.None || (Detectors & ~DetectorFamilies.All) != 0)
        {
            errors.Add($"Detectors is {Detectors}; choose one or more of {DetectorFamilies.All}.");
        }

        Range(nameof(HoldOutScore), HoldOutScore, 1, 100);
        Range(nameof(ImpossibleTravelSpeedKmh), ImpossibleTravelSpeedKmh, 100, 5000);
        Range(nameof(TravelMinimumDistanceKm), TravelMinimumDistanceKm, 0, 5000);
        Range(nameof(SharedEgressIdentities), SharedEgressIdentities, 2, 1_000_000);
        Range(nameof(BruteForceFailures), BruteForceFailures, 2, 10_000);
        Range(nameof(StuffingAccounts), StuffingAccounts, 2, 60);
        Range(nameof(SprayAccounts), SprayAccounts, 2, 120);
        Range(nameof(MfaFatiguePrompts), MfaFatiguePrompts, 2, 100);
        Range(nameof(StalePostureDays), StalePostureDays, 1, 365);
        Range(nameof(IdentityRiskHalfLifeHours), IdentityRiskHalfLifeHours, 1, 24 * 90);
        Range(nameof(MinimumHistory), MinimumHistory, 1, 100_000);
        Range(nameof(SourceIdleMinutes), SourceIdleMinutes, 15, 7 * 24 * 60);
        Range(nameof(MaxTenants), MaxTenants, 1, 1_000_000);
        Range(nameof(MaxPeerGroupsPerTenant), MaxPeerGroupsPerTenant, 1, 1_000_000);
        if (Tenants.Count > MaxTenants)
        {
            errors.Add($"{nameof(Tenants)} declares {Tenants.Count} tenants, more than {nameof(MaxTenants)} ({MaxTenants}).");
        }

        foreach (string tenant in Tenants)
        {
            if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > 256)
            {
                errors.Add($"{nameof(Tenants)}: '{tenant}' is not a tenant name (1 to 256 characters, not blank).");
            }
        }
        Range(nameof(GraphTickSeconds), GraphTickSeconds, 1, 86_400);
        Range(nameof(GraphDecay), GraphDecay, 0, 0.99);
        Range(nameof(GraphSketchRows), GraphSketchRows, 1, 8);
        Range(nameof(GraphMaxNodes), GraphMaxNodes, 16, 10_000_000);
        Range(nameof(GraphMaxDegree), GraphMaxDegree, 2, 4096);
        Range(nameof(GraphIdleDays), GraphIdleDays, 1, 3650);
        Range(nameof(GraphTaintHalfLifeMinutes), GraphTaintHalfLifeMinutes, 1, 10_080);
        if (GraphSketchBuckets is < 256 or > 1 << 20 || !System.Numerics.BitOperations.IsPow2(GraphSketchBuckets))
        {
            errors.Add(FormattableString.Invariant($"GraphSketchBuckets is {GraphSketchBuckets}; it must be a power of two between 256 and 1048576."));
        }

        Range(nameof(SupervisedWeight), SupervisedWeight, 0, 1);
        Range(nameof(SupervisedMinimumProbability), SupervisedMinimumProbability, 0, 1);
        foreach (var (setting, model) in new[] { (nameof(SupervisedModel), SupervisedModel), (nameof(ShadowModel), ShadowModel) })
        {
            if (model is not null && (model.SchemaVersion != Supervised.SupervisedFeatures.SchemaVersion || model.FeatureCount != Supervised.SupervisedFeatures.Count))
            {
                errors.Add(FormattableString.Invariant(
                    $"{setting} '{model.Name}' was trained on feature layout {model.SchemaVersion} with {model.FeatureCount} features; this build computes layout {Supervised.SupervisedFeatures.SchemaVersion} with {Supervised.SupervisedFeatures.Count}: retrain it (vigil model train)."));
            }
        }

        if (MaxIdentitiesPerTenant != 0)
        {
            Range(nameof(MaxIdentitiesPerTenant), MaxIdentitiesPerTenant, 1, 100_000_000);
        }
        return errors;
    }
}
