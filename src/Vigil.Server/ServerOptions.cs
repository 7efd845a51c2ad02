using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;

namespace Vigil.Server;

/// <summary>
/// Settings of the decision service. Every value is checked at start-up by <see cref="Validate"/>, which names the
/// command-line setting (<c>--data-dir</c>, <c>--urls</c> ...) and how to fix it. Units and defaults are in each doc.
/// </summary>
public sealed class ServerOptions
{
    /// <summary><c>--urls</c>: where to listen, separated by ';'. Default http://127.0.0.1:8080 (loopback only).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// <c>--public-base-url</c>: the URL callers reach the service at (behind a proxy, the proxy's), published as the
    /// AuthZEN <c>policy_decision_point</c> identifier and the base of every endpoint in
    /// <c>/.well-known/authzen-configuration</c>. An absolute https URL without query or fragment (http only for a
    /// loopback host). Optional: without it the metadata is built from the first concrete <see cref="Urls"/> entry, or
    /// gives relative paths; it is never built from the request's <c>Host</c> or <c>X-Forwarded-*</c> headers, which a
    /// caller chooses.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary><c>--data-dir</c>: directory of the SQLite database (created when absent). Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary><c>--policy</c>: a policy document file stored as a new version at start-up when it differs from the current one. Optional.</summary>
    public string? PolicyPath { get; set; }

    /// <summary>
    /// <c>--data</c>: a policy data document file (subjects and resources, YAML or JSON; docs/policies.md) stored at
    /// start-up with the rules in force as a new version when it differs from the data in force, after it compiles with
    /// those rules (a bad file stops the start). Needs a stored policy document (or <c>--policy</c>) and the built-in
    /// policy language (no <see cref="PolicyFactory"/>). Optional.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// <c>--mode</c>: force every segment to monitor (decide and record, always permit) or enforce. Null (the default)
    /// keeps the modes the policy document sets per segment; the shipped default policy is in monitor mode.
    /// </summary>
    public RolloutMode? Mode { get; set; }

    /// <summary><c>--bare-decisions</c>: answer <c>{"decision": ...}</c> only, for strict AuthZEN clients. Default false.</summary>
    public bool BareDecisions { get; set; }

    /// <summary><c>--jwt-authority</c>: OIDC issuer whose discovery document and JWKS validate bearer tokens. Optional.</summary>
    public string? JwtAuthority { get; set; }

    /// <summary><c>--jwt-audience</c>: the audience bearer tokens must carry. Required with <see cref="JwtAuthority"/>.</summary>
    public string? JwtAudience { get; set; }

    /// <summary><c>--jwt-allow-http</c>: accept an http (not https) authority; for loopback tests only. Default false.</summary>
    public bool JwtAllowHttp { get; set; }

    /// <summary>Tolerated clock difference when checking token lifetimes, seconds (0..300). Default 30.</summary>
    public int JwtClockSkewSeconds { get; set; } = 30;

    /// <summary>Shortest time between JWKS refetches triggered by an unknown key id, seconds (1..3600). Default 60: a rotated key is followed within a minute, and tokens with made-up key ids cannot make the service hammer the issuer.</summary>
    public int JwtKeyRefreshSeconds { get; set; } = 60;

    /// <summary><c>--no-auth</c>: no authentication at all (every caller has every scope). For local experiments only. Default false.</summary>
    public bool DisableAuthentication { get; set; }

    /// <summary>Largest evaluation request body, bytes (1 KiB..16 MiB). Default 1 MiB.</summary>
    public int MaxEvaluationBytes { get; set; } = 1 << 20;

    /// <summary>Largest ingestion body, bytes (1 KiB..256 MiB). Default 16 MiB.</summary>
    public int MaxIngestBytes { get; set; } = 16 << 20;

    /// <summary>Most events in one ingestion request (1..1,000,000). Default 50,000.</summary>
    public int MaxBatchEvents { get; set; } = 50_000;

    /// <summary>Most items in one <c>/access/v1/evaluations</c> request (1..100,000). Default 1,000.</summary>
    public int MaxEvaluationsPerRequest { get; set; } = 1_000;

    /// <summary>
    /// <c>--max-event-ahead-minutes</c>: how far after the service's clock an ingested event's <c>@timestamp</c> may be
    /// before the line is refused (1..10,080). Default 60: shippers' clocks drift by seconds; an hour ahead is a wrong
    /// clock or a unit mistake that would skew every window the event touches.
    /// </summary>
    public int MaxEventAheadMinutes { get; set; } = 60;

    /// <summary>
    /// <c>--max-event-behind-days</c>: how far before the newest accepted event an ingested event may be before the
    /// line is refused (1..3,650). Default 30. Back-filling older history into a fresh service is accepted: the window
    /// follows the newest event accepted, not the clock.
    /// </summary>
    public int MaxEventBehindDays { get; set; } = 30;

    /// <summary>Journaled events not yet applied to the engine above which ingestion answers 429 (1,000..10,000,000). Default 200,000.</summary>
    public int MaxQueueDepth { get; set; } = 200_000;

    /// <summary>Applied journal entries between engine checkpoints (1..100,000,000). Default 100,000.</summary>
    public int CheckpointEveryEntries { get; set; } = 100_000;

    /// <summary>
    /// <c>--memory-limit-mb</c>: managed memory above which ingestion answers 429 with Retry-After, so callers cannot
    /// push the process into trouble (issue 11, defect 3). 0 (the default): 85% of the memory the GC may use (the
    /// machine's, or the container's limit). 0..1,048,576 MiB.
    /// </summary>
    public long MemoryLimitMegabytes { get; set; }

    /// <summary>
    /// <c>--shutdown-timeout-seconds</c>: how long a graceful stop (SIGTERM, Ctrl+C) may take: the writer drains its
    /// queue and writes the shutdown checkpoint, which for a large state takes seconds (1..3,600). Default 120.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 120;

    /// <summary>Requests per second per caller (key, token subject or address) before 429 (1..10,000,000). Default 100,000.</summary>
    public int RateLimitPerSecond { get; set; } = 100_000;

    /// <summary>
    /// <c>--audit</c>: when a decision is answered relative to its audit record's write: staged (the default: the
    /// record is in the memory-mapped audit ring, which survives kill -9, and no answer waits for the disk) or fsynced
    /// (survives power loss; adds an fsync to every answer).
    /// </summary>
    public AuditDurability Audit { get; set; } = AuditDurability.Staged;

    /// <summary>
    /// <c>--journal-fsync</c>: fsync every journal commit before acknowledging it (ingestion's 202, an observed
    /// decision), so acknowledged telemetry survives power loss. Default false: a commit is acknowledged once it is in
    /// the operating system's cache, which survives a crash or kill -9, and the background WAL checkpoint fsyncs it
    /// within <see cref="AuditFsyncIntervalMs"/>, as for decision records. With it on, an observed decision waits for an
    /// fsync (milliseconds on most disks).
    /// </summary>
    public bool JournalFsync { get; set; }

    /// <summary>Interval of the background WAL checkpoint, which fsyncs committed decision records and journal entries, ms (10..10,000). Default 100: frequent small checkpoints stall commits less than rare large ones (measured, docs/benchmarks-server.md).</summary>
    public int AuditFsyncIntervalMs { get; set; } = 100;

    /// <summary>
    /// <c>--audit-anchor-minutes</c>: how often the audit log's head is written as an anchor (to the service log, the
    /// <see cref="AuditAnchorFile"/> and the <see cref="AuditAnchorUrl"/>); it is also written at shutdown
    /// (0 = never; 0..1,440). Default 5.
    /// </summary>
    public int AuditAnchorMinutes { get; set; } = 5;

    /// <summary>
    /// <c>--audit-anchor-file</c>: the append-only file the audit anchors are appended to; <c>none</c> turns it off.
    /// Default (null): <c>DATA-DIR.audit-anchors</c> beside the data directory, outside it, where
    /// <c>vigil audit verify</c> looks by default (<see cref="Storage.AuditAnchorFile"/>).
    /// </summary>
    public string? AuditAnchorFile { get; set; }

    /// <summary><c>--audit-anchor-url</c>: an http(s) endpoint each anchor is POSTed to as JSON (<c>{"seq", "hash", "anchor"}</c>). Optional.</summary>
    public string? AuditAnchorUrl { get; set; }

    /// <summary>The anchor file in use (<see cref="AuditAnchorFile"/> or its default), or null when turned off.</summary>
    internal string? AuditAnchorFilePath => AuditAnchorFile switch
    {
        "none" => null,
        null or "" => string.IsNullOrWhiteSpace(DataDirectory) ? null : Storage.AuditAnchorFile.DefaultPath(DataDirectory),
        var path => Path.GetFullPath(path),
    };

    /// <summary><c>--otlp-endpoint</c>: an OpenTelemetry collector (OTLP over gRPC or HTTP) to send traces to. Optional; metrics are always at <c>/metrics</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Enrichment data: <c>--geoip-city</c>, <c>--geoip-asn</c>, <c>--ip-list CATEGORY=FILE</c> (the same settings as the CLI's).</summary>
    public EnrichmentSources Enrichment { get; } = new();

    /// <summary>
    /// <c>--connectors</c>: a JSON file of pull connectors (Okta System Log, Microsoft Graph sign-ins; docs/connectors.md)
    /// run inside the service; read at start-up, a bad file stops it with every problem named. Optional.
    /// </summary>
    public string? ConnectorsPath { get; set; }

    /// <summary>
    /// <c>--alert-level</c>: the lowest risk score that becomes an alert (docs/alerts.md), 1..100; the setting also takes
    /// a level name (low 20, medium 40, high 65, critical 85). Default 40 (medium).
    /// </summary>
    public int AlertMinScore { get; set; } = 40;

    /// <summary><c>--alert-retention-days</c>: how long a stored alert is kept, days (1..3,650). Default 90.</summary>
    public int AlertRetentionDays { get; set; } = 90;

    /// <summary><c>--max-alerts</c>: most alerts kept; the oldest beyond it are deleted (1,000..100,000,000). Default 1,000,000.</summary>
    public long MaxAlerts { get; set; } = 1_000_000;

    /// <summary>Engine settings.</summary>
    public VigilEngineOptions Engine { get; set; } = new();

    /// <summary>Checks a policy document before it is stored; returns every problem (empty when valid). Default: any non-empty text.</summary>
    public Func<string, IReadOnlyList<string>>? PolicyValidator { get; set; }

    /// <summary>Builds the decision policy from the stored document (null when none is stored). Default: the document compiled by <see cref="Vigil.Core.Policies.PolicyCompiler"/>, or the shipped default policy when none is stored.</summary>
    public Func<string?, IDecisionPolicy>? PolicyFactory { get; set; }

    /// <summary><c>--trusted-proxy</c> (repeatable): addresses or CIDR ranges of proxies in front of the gateway whose <c>X-Forwarded-For</c> entries are believed.</summary>
    public List<string> TrustedProxies { get; } = [];

    /// <summary>
    /// <c>--ssf-allow-push-network</c> (repeatable): addresses or CIDR ranges that Shared Signals push endpoints and
    /// transmitters may be in although they are loopback, link-local, private or unspecified (refused by default against SSRF).
    /// </summary>
    public List<string> SsfAllowPushNetworks { get; } = [];

    /// <summary><c>--forward-auth-audience</c>: the application audience an end user's forwarded access token must carry; null: forwarded tokens are not read.</summary>
    public string? ForwardAuthAudience { get; set; }

    /// <summary><c>--forward-auth-authority</c>: the identity provider that issues those tokens; <see cref="JwtAuthority"/> when null.</summary>
    public string? ForwardAuthAuthority { get; set; }

    /// <summary><c>--supervised-model</c>: <c>store</c> (default: the model store's model in force and in shadow), <c>starter</c>, <c>none</c>, or a model file.</summary>
    public string SupervisedModel { get; set; } = "store";

    /// <summary><c>--language-model</c>: <c>none</c> (default: the language family is inert) or <c>minilm</c> (the local MiniLM sentence encoder, docs/language.md).</summary>
    public string LanguageModel { get; set; } = "none";

    /// <summary><c>--risk-claim-ttl-seconds</c>: how long a signed risk claim (<c>GET /v1/risk/{id}/claim</c>) is valid.</summary>
    public int RiskClaimTtlSeconds { get; set; } = 60;

    /// <summary>The upstream AuthZEN PDP Vigil is composed with (<c>--upstream-pdp</c>); none by default.</summary>
    public Composition.UpstreamPdpSettings UpstreamPdp { get; } = new();

    /// <summary>The clock (tests pass a fake one). Default the system clock.</summary>
#pragma warning disable RS0030 // the service's one default clock: every part reads it from here
    public TimeProvider Time { get; set; } = TimeProvider.System;
#pragma warning restore RS0030

    /// <summary>
    /// <c>--console-client-id</c>: the OpenID Connect client the analyst console signs people in with (authorization
    /// code with PKCE, RFC 7636) at <see cref="JwtAuthority"/>; its redirect URI is <see cref="PublicBaseUrl"/> +
    /// <c>/console/callback</c>. Optional: without it the console takes only API keys (docs/console.md).
    /// </summary>
    public string? ConsoleClientId { get; set; }

    /// <summary><c>--console-client-secret-file</c>: a file whose first line is the console client's secret (client_secret_basic). Optional: a public client uses PKCE alone.</summary>
    public string? ConsoleClientSecretFile { get; set; }

    /// <summary><c>--console-role-claim</c>: the ID token claim (a string or an array) naming the console role: viewer, analyst or admin. Default <c>vigil_role</c>.</summary>
    public string ConsoleRoleClaim { get; set; } = "vigil_role";

    /// <summary><c>--console-session-minutes</c>: how long a console sign-in lasts, 5 to 1,440 minutes. Default 480 (a working day).</summary>
    public int ConsoleSessionMinutes { get; set; } = 480;

    /// <summary>Where the generated first admin key is printed. Default standard output.</summary>
    public TextWriter? Console { get; set; }

    /// <summary>Every invalid setting, each naming the option and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                errors.Add(FormattableString.Invariant($"{name} is {value}; it must be between {min} and {max}."));
            }
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("--data-dir is missing: give a directory for the database, e.g. --data-dir ./data.");
        }
        else if (File.Exists(DataDirectory))
        {
            errors.Add($"--data-dir '{DataDirectory}' is a file; give a directory.");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            errors.Add("--urls is empty: give where to listen, e.g. --urls http://127.0.0.1:8080.");
        }
        else
        {
            foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"--urls '{url}' is not an http:// or https:// address with a port, e.g. http://127.0.0.1:8080.");
                }
            }
        }

        if (PublicBaseUrl is not null && Authzen.PdpMetadata.CheckPublicBaseUrl(PublicBaseUrl) is { } publicUrlError)
        {
            errors.Add($"--public-base-url '{PublicBaseUrl}' {publicUrlError}");
        }

        if (PolicyPath is not null && !File.Exists(PolicyPath))
        {
            errors.Add($"--policy '{PolicyPath}' does not exist; give the path of a policy document.");
        }

        if (DataPath is not null)
        {
            if (Directory.Exists(DataPath))
            {
                // The likeliest slip: --data for --data-dir.
                errors.Add($"--data '{DataPath}' is a directory; --data takes a policy data file (subjects:, resources:). The database directory is --data-dir.");
            }
            else if (!File.Exists(DataPath))
            {
                errors.Add($"--data '{DataPath}' does not exist; give the path of a policy data document (subjects:, resources:; docs/policies.md).");
            }
            else if (new FileInfo(DataPath).Length > Policies.PolicyChange.MaxDocumentBytes)
            {
                errors.Add(FormattableString.Invariant($"--data '{DataPath}' is larger than {Policies.PolicyChange.MaxDocumentBytes >> 20} MiB, the most a policy data document may be."));
            }

            if (PolicyFactory is not null)
            {
                errors.Add("--data cannot be used with a custom PolicyFactory: it receives only the rules document, so the data would have no effect.");
            }
        }

        if (Mode is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add("--mode must be monitor or enforce.");
        }

        if (JwtAuthority is not null)
        {
            if (!Uri.TryCreate(JwtAuthority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !(JwtAllowHttp && authority.Scheme == Uri.UriSchemeHttp)))
            {
                errors.Add($"--jwt-authority '{JwtAuthority}' must be an https:// issuer URL (http only with --jwt-allow-http, for tests).");
            }

            if (string.IsNullOrWhiteSpace(JwtAudience))
            {
                errors.Add("--jwt-audience is missing: tokens are only accepted for a named audience (the API's resource identifier).");
            }
        }

        if (ConsoleClientId is not null)
        {
            if (JwtAuthority is null)
            {
                errors.Add("--console-client-id needs --jwt-authority: the console signs in at that OpenID provider.");
            }

            if (PublicBaseUrl is null)
            {
                errors.Add("--console-client-id needs --public-base-url: the console's redirect URI (<base>/console/callback) is built from it, never from the request's Host.");
            }

            if (ConsoleClientSecretFile is not null && !File.Exists(ConsoleClientSecretFile))
            {
                errors.Add($"--console-client-secret-file '{ConsoleClientSecretFile}' does not exist; give a file holding the client secret, or leave it out for a public client.");
            }
        }
        else if (ConsoleClientSecretFile is not null)
        {
            errors.Add("--console-client-secret-file needs --console-client-id.");
        }

        if (string.IsNullOrWhiteSpace(ConsoleRoleClaim))
        {
            errors.Add("--console-role-claim is empty; give the ID token claim that names the role, e.g. vigil_role.");
        }

        if (AuditAnchorUrl is not null && (!Uri.TryCreate(AuditAnchorUrl, UriKind.Absolute, out var anchorUrl) || (anchorUrl.Scheme != Uri.UriSchemeHttp && anchorUrl.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"--audit-anchor-url '{AuditAnchorUrl}' is not an http:// or https:// URL, e.g. https://anchors.example.com/vigil.");
        }

        if (AuditAnchorFile is not null and not "none" && Directory.Exists(AuditAnchorFile))
        {
            errors.Add($"--audit-anchor-file '{AuditAnchorFile}' is a directory; give a file (anchors are appended to it), or 'none'.");
        }

        if (OtlpEndpoint is not null && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"--otlp-endpoint '{OtlpEndpoint}' is not an http:// or https:// URL, e.g. http://127.0.0.1:4317.");
        }

        Range("JwtClockSkewSeconds", JwtClockSkewSeconds, 0, 300);
        Range("JwtKeyRefreshSeconds", JwtKeyRefreshSeconds, 1, 3600);
        Range("AuditFsyncIntervalMs", AuditFsyncIntervalMs, 10, 10_000);
        Range("AuditAnchorMinutes", AuditAnchorMinutes, 0, 1_440);
        Range("MaxEvaluationBytes", MaxEvaluationBytes, 1024, 16 << 20);
        Range("MaxIngestBytes", MaxIngestBytes, 1024, 256 << 20);
        Range("MaxBatchEvents", MaxBatchEvents, 1, 1_000_000);
        Range("--max-event-ahead-minutes", MaxEventAheadMinutes, 1, 10_080);
        Range("--max-event-behind-days", MaxEventBehindDays, 1, 3_650);
        Range("MaxEvaluationsPerRequest", MaxEvaluationsPerRequest, 1, 100_000);
        Range("MaxQueueDepth", MaxQueueDepth, 1_000, 10_000_000);
        Range("CheckpointEveryEntries", CheckpointEveryEntries, 1, 100_000_000);
        Range("RateLimitPerSecond", RateLimitPerSecond, 1, 10_000_000);
        Range("--memory-limit-mb", MemoryLimitMegabytes, 0, 1 << 20);
        Range("--console-session-minutes", ConsoleSessionMinutes, 5, 1_440);
        Range("--shutdown-timeout-seconds", ShutdownTimeoutSeconds, 1, 3_600);
        Range("--risk-claim-ttl-seconds", RiskClaimTtlSeconds, 5, 3_600);
        if (ForwardAuthAudience is not null && (ForwardAuthAuthority ?? JwtAuthority) is null)
        {
            errors.Add("--forward-auth-audience needs an identity provider: give --forward-auth-authority (or --jwt-authority).");
        }
        else if (ForwardAuthAuthority is not null && (!Uri.TryCreate(ForwardAuthAuthority, UriKind.Absolute, out var fa) || (fa.Scheme != Uri.UriSchemeHttps && !(JwtAllowHttp && fa.Scheme == Uri.UriSchemeHttp))))
        {
            errors.Add($"--forward-auth-authority '{ForwardAuthAuthority}' must be an https:// issuer URL (http only with --jwt-allow-http, for tests).");
        }

        if (SupervisedModel is not ("store" or "starter" or "none") && !File.Exists(SupervisedModel))
        {
            errors.Add($"--supervised-model '{SupervisedModel}' is not store, starter, none or an existing model file.");
        }

        if (LanguageModel is not ("none" or "minilm"))
        {
            errors.Add($"--language-model '{LanguageModel}' is not minilm or none.");
        }

        foreach (string proxy in TrustedProxies)
        {
            if (!Gateway.ClientAddress.TryParseNetwork(proxy, out _))
            {
                errors.Add($"--trusted-proxy '{proxy}' is not an address or a CIDR range, e.g. 10.0.0.0/8 or 2001:db8::/32.");
            }
        }

        foreach (string network in SsfAllowPushNetworks)
        {
            if (!Gateway.ClientAddress.TryParseNetwork(network, out _))
            {
                errors.Add($"--ssf-allow-push-network '{network}' is not an address or a CIDR range, e.g. 10.1.2.0/24 or fd00:1::/64.");
            }
        }
        Range("--alert-level", AlertMinScore, 1, 100);
        Range("--alert-retention-days", AlertRetentionDays, 1, 3_650);
        Range("--max-alerts", MaxAlerts, 1_000, 100_000_000);
        errors.AddRange(Engine.Validate().Select(e => "Engine." + e));
        errors.AddRange(Enrichment.Validate());
        errors.AddRange(UpstreamPdp.Validate());
        return errors;
    }
}
