using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Detection.Detectors;
using Vigil.Core.Graph;
using Vigil.Core.Identities;
using Vigil.Core.Language;
using Vigil.Core.Scoring;
using Vigil.Core.Statistics;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>
/// The risk engine. <see cref="Observe(in TelemetryEvent)"/> scores an event against the state as it was and then learns it;
/// <see cref="Assess"/> scores a request without learning. Safe under concurrent callers (one lock per identity,
/// short locks on shared baselines, always taken in the order identity, peer group, tenant). For a given order of
/// events the results are identical on every run: time comes only from the events and randomness from the seed.
/// </summary>
public sealed partial class VigilEngine
{
    private readonly IDetector[] _detectors;
    private readonly LanguageModel? _language;
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);

    /// <summary>Creates an engine; throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public VigilEngine(VigilEngineOptions? options = null)
    {
        Options = options ?? new VigilEngineOptions();
        var errors = Options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid engine options: " + string.Join(" ", errors), nameof(options));
        }

        var families = Options.Detectors;
        (DetectorFamilies Family, IDetector Detector)[] all =
        [
            (DetectorFamilies.Likelihood, new BehaviouralLikelihoodDetector()),
            (DetectorFamilies.Rules, new TravelDetector()),
            (DetectorFamilies.Rules, new CredentialAttackDetector()),
            (DetectorFamilies.Rules, new MfaFatigueDetector()),
            (DetectorFamilies.Rules, new SourceReputationDetector()),
            (DetectorFamilies.Rules, new DevicePostureDetector()),
            (DetectorFamilies.Rules, new SessionReplayDetector()),
            (DetectorFamilies.Behaviour, new UnusualHourDetector()),
            (DetectorFamilies.Behaviour, new ResourceAccessDetector()),
            (DetectorFamilies.Behaviour, new WorkloadDetector()),
            (DetectorFamilies.Outliers, new OutlierDetector()),
            (DetectorFamilies.IdentityRisk, new IdentityRiskDetector()),
            (DetectorFamilies.Graph, new GraphDetector()),
            (DetectorFamilies.Graph, new RiskPathDetector()),
            (DetectorFamilies.Graph, new LinkPlausibilityDetector()),
            (DetectorFamilies.Language, new TextNoveltyDetector()),
            (DetectorFamilies.Language, new IntentMismatchDetector()),
        ];
        _detectors = [.. all.Where(d => (families & d.Family) != 0).Select(d => d.Detector)];
        _supervised = (families & DetectorFamilies.Supervised) != 0 && Options.SupervisedModel is { } model ? new SupervisedStage(model, Options) : null;
        _shadow = (families & DetectorFamilies.Supervised) != 0 ? Options.ShadowModel : null;
        _language = (families & DetectorFamilies.Language) != 0 && Options.TextEmbedder is { } embedder ? new LanguageModel(embedder) : null;
    }

    private readonly SupervisedStage? _supervised;

    private readonly SupervisedModel? _shadow;

    /// <summary>Length of the supervised family's feature vector (see <see cref="Observe(in TelemetryEvent, Span{float})"/>).</summary>
    public static int SupervisedFeatureCount => SupervisedFeatures.Count;

    /// <summary>Version of the supervised family's feature layout; a model trained on another one is refused.</summary>
    public static int SupervisedSchemaVersion => SupervisedFeatures.SchemaVersion;

    /// <summary>The short name of supervised feature <paramref name="index"/> (reports, training files).</summary>
    public static string SupervisedFeatureName(int index) => SupervisedFeatures.Name(index);

    /// <summary>
    /// As <see cref="Observe(in TelemetryEvent)"/>, and writes the event's supervised feature vector (what the other
    /// families said, the enrichment and the identity's familiarity with the source, as the model sees it) into
    /// <paramref name="features"/>, of at least <see cref="SupervisedFeatureCount"/> floats: the training set of
    /// <c>vigil model train</c>. Events that are neither access attempts nor MFA get no vector (all zero).
    /// </summary>
    public RiskAssessment Observe(in TelemetryEvent telemetryEvent, Span<float> features)
    {
        if (features.Length < SupervisedFeatures.Count)
        {
            throw new ArgumentException($"The feature vector needs {SupervisedFeatures.Count} floats; {features.Length} given.", nameof(features));
        }

        features.Clear();
        string id = telemetryEvent.Tenant ?? Options.DefaultTenant;
        var tenant = AdmitTenant(id);
        if (tenant is null)
        {
            Interlocked.Increment(ref _unlearnedTenantEvents);
            return Run(telemetryEvent, EmptyTenant, learn: false, features);
        }

        return Run(telemetryEvent, tenant, learn: true, features);
    }

    /// <summary>The settings in force.</summary>
    public VigilEngineOptions Options { get; }

    /// <summary>
    /// Scores <paramref name="telemetryEvent"/> against the baseline as it was, then learns it (held out when risky).
    /// An event naming a tenant the engine does not hold creates it while fewer than
    /// <see cref="VigilEngineOptions.MaxTenants"/> exist; past the cap it is only assessed (see <see cref="Observe(in TelemetryEvent, bool)"/>).
    /// </summary>
    public RiskAssessment Observe(in TelemetryEvent telemetryEvent) => Observe(telemetryEvent, mayCreateTenant: true);

    /// <summary>
    /// As <see cref="Observe(in TelemetryEvent)"/>, but an event whose source may not create tenants (an observed
    /// access request: its tenant is whatever the caller wrote) is learned only when its tenant already exists.
    /// An event that is not learned is assessed against an empty state and creates nothing (issue 11, defect 3):
    /// tenant state costs about half a megabyte, so a caller must not be able to create it at will.
    /// </summary>
    public RiskAssessment Observe(in TelemetryEvent telemetryEvent, bool mayCreateTenant)
    {
        string id = telemetryEvent.Tenant ?? Options.DefaultTenant;
        // The default tenant and the declared ones are configuration's: every source may create them.
        var tenant = mayCreateTenant || IsConfigured(id) ? AdmitTenant(id) : FindTenant(id);
        if (tenant is null)
        {
            Interlocked.Increment(ref _unlearnedTenantEvents);
            return Run(telemetryEvent, EmptyTenant, learn: false);
        }

        return Run(telemetryEvent, tenant, learn: true);
    }

    /// <summary>
    /// Scores an access request (an event about to happen) without learning anything from it and without creating any
    /// state: an unknown tenant is judged against an empty tenant, an unknown identity or peer group against an empty
    /// one, none of them registered.
    /// </summary>
    public RiskAssessment Assess(in TelemetryEvent request) =>
        Run(request, FindTenant(request.Tenant ?? Options.DefaultTenant) ?? EmptyTenant, learn: false);

    /// <summary>Tenants the engine holds.</summary>
    public int TenantCount
    {
        get
        {
            lock (_tenants)
            {
                return _tenants.Count;
            }
        }
    }

    /// <summary>Events not learned because their tenant did not exist and their source could not create it, or the tenant cap was reached.</summary>
    public long UnlearnedTenantEvents => Interlocked.Read(ref _unlearnedTenantEvents);

    /// <summary>Whether an event naming <paramref name="tenant"/> (null: the default tenant) would be learned: the tenant exists or there is room for it.</summary>
    public bool CanLearnTenant(string? tenant)
    {
        lock (_tenants)
        {
            return _tenants.Count < Options.MaxTenants || _tenants.ContainsKey(tenant ?? Options.DefaultTenant);
        }
    }

    /// <summary>
    /// Whether an event from a source that may not create tenants would be learned: its tenant (null: the default
    /// tenant) exists, or configuration names it (the default tenant, <see cref="VigilEngineOptions.Tenants"/>) and
    /// there is room for it.
    /// </summary>
    public bool HoldsTenant(string? tenant)
    {
        string id = tenant ?? Options.DefaultTenant;
        // Found without a lock when it is the tenant last used, as it nearly always is.
        return FindTenant(id) is not null || (IsConfigured(id) && CanLearnTenant(id));
    }

    /// <summary>Whether configuration names the tenant: the default one, or one of <see cref="VigilEngineOptions.Tenants"/>.</summary>
    private bool IsConfigured(string id) => string.Equals(id, Options.DefaultTenant, StringComparison.Ordinal) || Options.Tenants.Contains(id);

    private long _unlearnedTenantEvents;

    private TenantState? _emptyTenant;

    /// <summary>The state an assessment sees for a tenant the engine does not hold; never learned into, so it stays empty.</summary>
    private TenantState EmptyTenant =>
        Volatile.Read(ref _emptyTenant) ?? Interlocked.CompareExchange(ref _emptyTenant, new TenantState("", Options.Seed, Options), null) ?? _emptyTenant!;

    private RiskAssessment Run(in TelemetryEvent e, TenantState tenant, bool learn, Span<float> featureSink = default)
    {
        // A line from a system without structured fields is read for its kind and outcome, so it can be scored at all
        // (language family); an outcome the event states wins over the one read from its words.
        if (_language is not null && e.Kind == EventKind.Other && e.Message is { Length: > 0 } message
            && _language.Lines.Classify(message) is { Kind: not EventKind.Other } read)
        {
            return RunEvent(e with { Kind = read.Kind, Outcome = e.Outcome == EventOutcome.Unknown ? read.Outcome : e.Outcome }, tenant, learn, featureSink);
        }

        return RunEvent(e, tenant, learn, featureSink);
    }

    private RiskAssessment RunEvent(in TelemetryEvent e, TenantState tenant, bool learn, Span<float> featureSink)
    {
        var identity = learn ? IdentityFor(tenant, e) : FindOrTransient(tenant, e);
        var peer = identity.Peer is { } cached && string.Equals(cached.Name, identity.PeerGroup, StringComparison.Ordinal)
            ? cached
            : learn ? identity.Peer = tenant.Peer(identity.PeerGroup) : tenant.FindPeer(identity.PeerGroup) ?? tenant.EmptyPeer;
        float onBehalfOfRisk = OnBehalfOfRisk(tenant, e);
        var features = FeatureExtractor.Extract(e);
        SourceState? source = e.SourceIp is not null && e.Kind == EventKind.SignIn ? SourceFor(tenant, e, learn) : null;
        ulong sessionHash = e.SessionId is null ? 0 : StableHash.Of(e.SessionId.AsSpan());
        // Embedded before the identity's lock: a new text costs milliseconds, and other identities need not wait for it.
        var text = EventText.Of(e, _language?.Embedder);

        lock (identity.Gate)
        {
            var context = new DetectionContext(e, features, identity, peer, tenant, source, Options, onBehalfOfRisk, sessionHash)
            {
                Text = text,
                Language = _language,
            };
            var factors = default(FactorList);
            foreach (var detector in _detectors)
            {
                detector.Detect(context, ref factors);
            }

            if (Options.ExternalRisk is { } external && (e.IsAccessAttempt || e.Kind == EventKind.Mfa))
            {
                // Named as the event names them: an unknown tenant is judged against an empty one, whose id is not the event's.
                external.AddFactors(e.Tenant ?? Options.DefaultTenant, e.SubjectId, e.TimestampMs, ref factors);
            }

            double supervised = 0, shadow = 0;
            if ((_supervised is not null || _shadow is not null || !featureSink.IsEmpty) && (e.IsAccessAttempt || e.Kind == EventKind.Mfa))
            {
                // Stacked on the other families: their factors are the model's main inputs.
                Span<float> x = featureSink.IsEmpty ? stackalloc float[SupervisedFeatures.Count] : featureSink;
                SupervisedFeatures.Fill(context, factors, x);
                // The shadow reads the same vector before the model in force adds its factor; its answer is only recorded.
                shadow = _shadow?.Probability(x) ?? 0;
                supervised = _supervised?.Apply(x, ref factors) ?? 0;
            }

            double probability = RiskFusion.Combine(ref factors);
            int score = RiskFusion.ToScore(probability);
            // The jump an impossible-travel alert is about, taken before learning moves the identity's last network,
            // so confirming the alert safe can teach the pair (VigilEngine.PatternOf).
            ulong travelPair = factors.Contains(ReasonCode.ImpossibleTravel)
                ? IdentityState.TravelPair(identity.LastAsNumber, identity.LastIpPrefixHash, e.AsNumber, features.Of(Feature.IpPrefix))
                : 0;
            if (learn)
            {
                Learn(context, score, factors);
                // Only what got in raises identity risk: a failed attempt says the account is targeted, not taken.
                if (e.Outcome != EventOutcome.Failure && (e.IsAccessAttempt || e.Kind == EventKind.Mfa))
                {
                    IdentityRisk.Accumulate(identity, score, e.TimestampMs, Options);
                }
            }

            return new RiskAssessment(score, factors, IdentityRisk.Current(identity, e.TimestampMs, Options)) { Probability = probability, SupervisedProbability = supervised, ShadowProbability = shadow, TravelPair = travelPair };
        }
    }

    private TenantState? _lastTenant;

    /// <summary>The tenant named <paramref name="id"/>, created when there is room for it; null past <see cref="VigilEngineOptions.MaxTenants"/>.</summary>
    private TenantState? AdmitTenant(string id) => FindOrAddTenant(id, create: true);

    /// <summary>The tenant named <paramref name="id"/> when the engine holds it; never creates one.</summary>
    private TenantState? FindTenant(string id) => FindOrAddTenant(id, create: false);

    private TenantState? FindOrAddTenant(string id, bool create)
    {
        // Nearly every event names the same tenant: skip the lock for it.
        var last = Volatile.Read(ref _lastTenant);
        if (last is not null && string.Equals(last.Id, id, StringComparison.Ordinal))
        {
            return last;
        }

        lock (_tenants)
        {
            if (!_tenants.TryGetValue(id, out var tenant))
            {
                if (!create || _tenants.Count >= Options.MaxTenants)
                {
                    return null;
                }

                tenant = new TenantState(id, TenantState.SeedFor(id, Options), Options);
                _tenants.Add(id, tenant);
            }

            Volatile.Write(ref _lastTenant, tenant);
            return tenant;
        }
    }

    private static string PeerGroupOf(in TelemetryEvent e) => e.PeerGroup ?? e.Department ?? e.Group ?? KindGroup(e.IdentityKind);

    private static string KindGroup(IdentityKind kind) => kind switch
    {
        IdentityKind.Workload => "workloads",
        IdentityKind.Agent => "agents",
        _ => "people",
    };

    /// <summary>
    /// The peer group a new identity joins: the one its event names while the tenant holds it or has room for it
    /// (<see cref="VigilEngineOptions.MaxPeerGroupsPerTenant"/>), else its kind's group. Only the writer creates
    /// identities and groups, in journal order, so a replay makes the same choice.
    /// </summary>
    private string AdmittedPeerGroup(TenantState tenant, in TelemetryEvent e)
    {
        string named = PeerGroupOf(e);
        return tenant.HoldsPeerOrHasRoom(named, Options.MaxPeerGroupsPerTenant) ? named : KindGroup(e.IdentityKind);
    }

    private IdentityState IdentityFor(TenantState tenant, in TelemetryEvent e)
    {
        var identity = FindIdentity(tenant, e.SubjectId, restore: true);
        if (identity is null)
        {
            identity = tenant.Identities.GetOrAdd(e.SubjectId,
                static (id, arg) => new IdentityState(id, arg.Kind, arg.Peer), (Kind: e.IdentityKind, Peer: AdmittedPeerGroup(tenant, e)));
        }

        return identity;
    }

    /// <summary>Assess must not grow state: an unknown subject is judged against a fresh, unregistered identity (peer and tenant fallbacks apply).</summary>
    private IdentityState FindOrTransient(TenantState tenant, in TelemetryEvent e) =>
        FindIdentity(tenant, e.SubjectId, restore: false) ?? new IdentityState(e.SubjectId, e.IdentityKind, PeerGroupOf(e));

    private float OnBehalfOfRisk(TenantState tenant, in TelemetryEvent e)
    {
        if (e.IdentityKind != IdentityKind.Agent || e.OnBehalfOf is null || FindIdentity(tenant, e.OnBehalfOf, restore: false) is not { } principal
            || string.Equals(principal.Id, e.SubjectId, StringComparison.Ordinal))
        {
            return 0f;
        }

        lock (principal.Gate)
        {
            return IdentityRisk.Current(principal, e.TimestampMs, Options);
        }
    }

    private SourceState? SourceFor(TenantState tenant, in TelemetryEvent e, bool create)
    {
        ulong key = FeatureExtractor.AddressHash(e.SourceIp!);
        if (tenant.Sources.TryGetValue(key, out var source) || !create)
        {
            return source;
        }

        SweepIdleSources(tenant, e.TimestampMs);
        return tenant.Sources.GetOrAdd(key, static _ => new SourceState());
    }

    /// <summary>
    /// Drops counters of sources idle for longer than the longest window, so hostile address churn cannot grow memory
    /// without bound. The sweep runs on the tenant's sweep clock, which one event may move forward by at most a
    /// quarter of the idle time: an event stamped in microseconds or far in the future would otherwise make every
    /// address look idle and erase the counters a password spray is scored on (issue 11, defect 4). A clock that
    /// lags only sweeps later; it catches up by one step per sweep.
    /// </summary>
    private void SweepIdleSources(TenantState tenant, long now)
    {
        long idle = Options.SourceIdleMinutes * 60_000L;
        long step = idle / 4;
        long clock = Volatile.Read(ref tenant.LastSweepMs);
        if (clock == 0 || now < clock - idle)
        {
            // The first sweep, or a clock an earlier outlier set ahead of real events: start again from this event.
            Interlocked.CompareExchange(ref tenant.LastSweepMs, now, clock);
            return;
        }

        // One thread sweeps per step; the others go on.
        if (now - clock < step || Interlocked.CompareExchange(ref tenant.LastSweepMs, clock + step, clock) != clock)
        {
            return;
        }

        clock += step;
        foreach (var pair in tenant.Sources)
        {
            if (clock - Volatile.Read(ref pair.Value.LastSeenMs) > idle)
            {
                tenant.Sources.TryRemove(pair);
            }
        }
    }

    /// <summary>Identities known across tenants.</summary>
    public int IdentityCount
    {
        get
        {
            lock (_tenants)
            {
                return _tenants.Values.Sum(t => t.Identities.Count);
            }
        }
    }
}
