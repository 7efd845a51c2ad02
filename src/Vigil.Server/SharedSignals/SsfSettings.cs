namespace Vigil.Server.SharedSignals;

/// <summary>
/// Limits and timings of the Shared Signals transmitter (docs/ssf.md). The defaults suit a production service; tests
/// replace the registered instance to shorten waits. Every count and size is bounded so that a receiver cannot make
/// the transmitter hold unbounded state.
/// </summary>
internal sealed class SsfSettings
{
    /// <summary>Most streams one receiver (caller) may hold. Default 10.</summary>
    public int MaxStreamsPerReceiver { get; init; } = 10;

    /// <summary>Most streams in total. Default 1,000.</summary>
    public int MaxStreams { get; init; } = 1_000;

    /// <summary>Most subjects one stream may list as removed or added. Default 10,000.</summary>
    public int MaxSubjectsPerStream { get; init; } = 10_000;

    /// <summary>Largest management request body, in bytes. Default 16 KiB.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024;

    /// <summary>Most SETs held for one stream (undelivered or unacknowledged); newer ones are dropped and logged beyond it. Default 10,000.</summary>
    public int MaxQueuedPerStream { get; init; } = 10_000;

    /// <summary>Most SETs one poll answer carries, whatever maxEvents asks for. Default 100.</summary>
    public int MaxEventsPerPoll { get; init; } = 100;

    /// <summary>Longest a long poll (returnImmediately false) waits for a SET, in milliseconds. Default 30,000.</summary>
    public int MaxPollWaitMs { get; init; } = 30_000;

    /// <summary>Whether push endpoint URLs may use http (otherwise https only). Default false; loopback test receivers need true.</summary>
    public bool AllowHttpPush { get; init; }

    /// <summary>
    /// Networks that push endpoints and transmitters may be in although they are loopback, link-local, private or
    /// unspecified (<see cref="SsfAddressPolicy"/>; <c>--ssf-allow-push-network</c>). Default none.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowedPushNetworks { get; init; } = [];

    /// <summary>Time allowed for one push request, in milliseconds. Default 10,000.</summary>
    public int PushTimeoutMs { get; init; } = 10_000;

    /// <summary>First retry delay of a failed push, in milliseconds; doubled per attempt. Default 1,000.</summary>
    public int PushBackoffMs { get; init; } = 1_000;

    /// <summary>Longest retry delay, in milliseconds (also the cap on a 429 Retry-After). Default 300,000 (5 minutes).</summary>
    public int MaxPushBackoffMs { get; init; } = 300_000;

    /// <summary>Attempts after which a SET that is still refused is dropped (and logged), so one bad SET cannot block its stream forever. Default 20.</summary>
    public int MaxPushAttempts { get; init; } = 20;

    /// <summary>Age at which the signing key is replaced, in days. Default 90.</summary>
    public int KeyRotationDays { get; init; } = 90;

    /// <summary>How long a new key is published before it signs, and an old key stays published after it stops, in hours. Default 24.</summary>
    public int KeyOverlapHours { get; init; } = 24;

    /// <summary>RSA modulus size of new keys, in bits (at least 2048, SSF 1.0 relies on RFC 7518 section 3.3). Default 2048.</summary>
    public int KeyBits { get; init; } = 2048;

    /// <summary>Most SETs the push worker sends for one stream before moving to the next stream (fairness). Default 100.</summary>
    public int PushBatch { get; init; } = 100;

    // ---- the receiver (streams from other transmitters)

    /// <summary>Largest SET received, in bytes (push body or one polled SET). Default 64 KiB.</summary>
    public int MaxReceivedSetBytes { get; init; } = 64 * 1024;

    /// <summary>Most SETs one receiver stream may deliver per second; beyond it a push answers 429 and a poll waits. Default 100.</summary>
    public int MaxReceivedPerSecond { get; init; } = 100;

    /// <summary>Most streams Vigil receives from other transmitters. Default 100.</summary>
    public int MaxReceiverStreams { get; init; } = 100;

    /// <summary>Most identities holding an external signal (risk level, credential change, account event) at once. Default 100,000.</summary>
    public int MaxExternalSubjects { get; init; } = 100_000;

    /// <summary>Oldest received SET accepted (by iat), in hours; its jti is remembered as long. Default 168 (7 days).</summary>
    public int ReceivedMaxAgeHours { get; init; } = 168;

    /// <summary>How long a credential change reported by an identity provider counts as risk context, in hours. Default 24.</summary>
    public int CredentialChangeHours { get; init; } = 24;

    /// <summary>Wait between polls of a poll stream that had nothing, in milliseconds. Default 5,000.</summary>
    public int ReceiverPollIntervalMs { get; init; } = 5_000;

    /// <summary>Shortest time between two fetches of a transmitter's JWKS when a SET names an unknown kid, in milliseconds. Default 30,000.</summary>
    public int JwksRefreshMs { get; init; } = 30_000;

    /// <summary>Age at which a transmitter's JWKS held by the receiver is fetched again before verifying, in milliseconds, so a key it no longer publishes stops verifying. Default 3,600,000 (1 hour).</summary>
    public int JwksMaxAgeMs { get; init; } = 3_600_000;

    // ---- continuous re-evaluation (issue 16, item 4)

    /// <summary>How long after its latest decision a session is re-decided when its identity's risk changes, in hours. Default 8.</summary>
    public int ReevaluationWindowHours { get; init; } = 8;

    /// <summary>Most sessions re-decided per identity (its most recently decided ones). Default 16.</summary>
    public int ReevaluationSessionsPerIdentity { get; init; } = 16;

    /// <summary>Most sessions held for re-evaluation in all (about half a kilobyte each); past it the least recently decided identity makes room. Default 50,000.</summary>
    public int ReevaluationMaxSessions { get; init; } = 50_000;
}
