using Vigil.Core.Baselines;
using Vigil.Core.Engine;
using Vigil.Core.Identities;
using Vigil.Core.Language;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Detection;

/// <summary>
/// What a detector sees for one event: the event, its feature hashes, and the state as it was before the event
/// (score before learning). The identity's lock is held; peer and tenant profiles are read under their own locks.
/// </summary>
internal readonly ref struct DetectionContext
{
    public DetectionContext(in TelemetryEvent evt, in FeatureHashes features, IdentityState identity, PeerGroupState peer,
        TenantState tenant, SourceState? source, VigilEngineOptions options, float onBehalfOfRisk, ulong sessionHash)
    {
        SessionHash = sessionHash;
        Event = ref evt;
        Features = ref features;
        Identity = identity;
        Peer = peer;
        Tenant = tenant;
        Source = source;
        Options = options;
        OnBehalfOfRisk = onBehalfOfRisk;
    }

    public readonly ref readonly TelemetryEvent Event;

    public readonly ref readonly FeatureHashes Features;

    public IdentityState Identity { get; }

    public PeerGroupState Peer { get; }

    public TenantState Tenant { get; }

    /// <summary>The source address's cross-account state, when the event has a source IP.</summary>
    public SourceState? Source { get; }

    public VigilEngineOptions Options { get; }

    /// <summary>For agents: the accumulated risk of the person they act for (0 otherwise).</summary>
    public float OnBehalfOfRisk { get; }

    public long Now => Event.TimestampMs;

    /// <summary>The event's free text and its embeddings (empty without the language family or an embedder).</summary>
    public EventText Text { get; init; }

    /// <summary>The language family's model, when the engine has one.</summary>
    public LanguageModel? Language { get; init; }

    /// <summary>Stable hash of the session id (0 without one): hashed once, read by session replay and by learning.</summary>
    public ulong SessionHash { get; }
}
