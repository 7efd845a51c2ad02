using System.Text;
using Vigil.Core.Decisions;

namespace Vigil.Server;

/// <summary>
/// Reads the service's command-line settings (the same names <c>vigil serve</c> takes). One table holds every
/// setting, so parsing, the "unknown setting" message and <c>vigil serve --help</c> cannot disagree.
/// </summary>
public static class ServerArguments
{
    private static readonly ServerSetting[] Settings =
    [
        new("--urls", "URLS", "Addresses to listen on (default http://127.0.0.1:8080)", (o, v) => o.Urls = v.Text()),
        new("--public-base-url", "URL", "The service's public address, for metadata documents (never the request's Host)", (o, v) => o.PublicBaseUrl = v.Text()),
        new("--data-dir", "DIR", "Where the SQLite database, audit ring and keys live", (o, v) => o.DataDirectory = v.Text()),
        new("--policy", "FILE", "Policy (YAML) to start with instead of the shipped default", (o, v) => o.PolicyPath = v.Text()),
        new("--data", "FILE", "Policy data (JSON): entity attributes keyed by type and id", (o, v) => o.DataPath = v.Text()),
        new("--mode", "monitor|enforce", "Rollout mode for every decision (default: the policy's)", static (o, v) => Mode(o, v)),
        new("--bare-decisions", null, "Answer AuthZEN with the decision only, no context", (o, _) => o.BareDecisions = true),
        new("--jwt-authority", "URL", "OpenID provider whose tokens callers present", (o, v) => o.JwtAuthority = v.Text()),
        new("--jwt-audience", "AUD", "Audience those tokens must carry", (o, v) => o.JwtAudience = v.Text()),
        new("--jwt-allow-http", null, "Allow an http:// authority (tests only)", (o, _) => o.JwtAllowHttp = true),
        new("--console-client-id", "ID", "OpenID client the analyst console signs in with (authorization code + PKCE)", (o, v) => o.ConsoleClientId = v.Text()),
        new("--console-client-secret-file", "FILE", "File holding that client's secret (none: a public client)", (o, v) => o.ConsoleClientSecretFile = v.Text()),
        new("--console-role-claim", "CLAIM", "ID token claim naming the console role: viewer, analyst or admin (default vigil_role)", (o, v) => o.ConsoleRoleClaim = v.Text()),
        new("--console-session-minutes", "N", "How long a console sign-in lasts (default 480)", (o, v) => o.ConsoleSessionMinutes = v.Int()),
        new("--no-auth", null, "Turn authentication off (local experiments only)", (o, _) => o.DisableAuthentication = true),
        new("--geoip-city", "FILE", "MaxMind-format City or Country database (.mmdb)", (o, v) => o.Enrichment.GeoIpCity = v.Text()),
        new("--geoip-asn", "FILE", "MaxMind-format ASN database (.mmdb)", (o, v) => o.Enrichment.GeoIpAsn = v.Text()),
        new("--ip-list", "CATEGORY=FILE", "An IP list (repeatable): anonymizer, hosting, known-bad, corporate-egress, partner, mobile-carrier", (o, v) => o.Enrichment.IpLists.Add(v.Text())),
        new("--audit", "staged|fsynced", "Whether an answer waits for its audit record's fsync (default staged)", static (o, v) => Audit(o, v)),
        new("--audit-fsync-ms", "MS", "WAL checkpoint interval that makes staged records durable (default 100)", (o, v) => o.AuditFsyncIntervalMs = v.Int()),
        new("--journal-fsync", null, "Fsync every journal commit (survives power loss, slower)", (o, _) => o.JournalFsync = true),
        new("--audit-anchor-minutes", "N", "How often the audit head is anchored outside the database", (o, v) => o.AuditAnchorMinutes = v.Int()),
        new("--audit-anchor-file", "FILE", "File the audit anchors are appended to", (o, v) => o.AuditAnchorFile = v.Text()),
        new("--audit-anchor-url", "URL", "HTTP endpoint the audit anchors are posted to", (o, v) => o.AuditAnchorUrl = v.Text()),
        new("--otlp-endpoint", "URL", "OpenTelemetry collector for traces", (o, v) => o.OtlpEndpoint = v.Text()),
        new("--forward-auth-audience", "AUD", "Read end users' forwarded access tokens for this application audience", (o, v) => o.ForwardAuthAudience = v.Text()),
        new("--forward-auth-authority", "URL", "The identity provider issuing those tokens (default --jwt-authority)", (o, v) => o.ForwardAuthAuthority = v.Text()),
        new("--supervised-model", "store|starter|none|FILE", "The supervised family's model (default store: what 'vigil model promote' put in force)", (o, v) => o.SupervisedModel = v.Text()),
        new("--language-model", "minilm|none", "The language family's sentence encoder (default none; minilm: local, nothing fetched)", (o, v) => o.LanguageModel = v.Text()),
        new("--trusted-proxy", "CIDR", "A proxy in front of the gateway whose X-Forwarded-For entries are believed (repeatable)", (o, v) => o.TrustedProxies.Add(v.Text())),
        new("--ssf-allow-push-network", "CIDR", "A loopback, link-local or private network Shared Signals push endpoints and transmitters may be in (repeatable)", (o, v) => o.SsfAllowPushNetworks.Add(v.Text())),
        new("--risk-claim-ttl-seconds", "N", "How long a signed risk claim (GET /v1/risk/{id}/claim) is valid (default 60)", (o, v) => o.RiskClaimTtlSeconds = v.Int()),
        new("--upstream-pdp", "URL", "An existing AuthZEN PDP to compose with (segments choose how with 'upstream:')", (o, v) => o.UpstreamPdp.Url = v.Text()),
        new("--upstream-pdp-token-file", "FILE", "File holding the bearer token presented to the upstream PDP", (o, v) => o.UpstreamPdp.TokenFile = v.Text()),
        new("--upstream-pdp-timeout-ms", "MS", "How long to wait for the upstream PDP before denying (default 500)", (o, v) => o.UpstreamPdp.TimeoutMs = v.Int()),
        new("--upstream-pdp-failures-to-open", "N", "Consecutive upstream failures that open its circuit (default 5)", (o, v) => o.UpstreamPdp.FailuresToOpen = v.Int()),
        new("--upstream-pdp-open-seconds", "N", "How long an open circuit denies without asking (default 10)", (o, v) => o.UpstreamPdp.OpenSeconds = v.Int()),
        new("--connectors", "FILE", "Pull connectors and SIEM exports (JSON; docs/connectors.md)", (o, v) => o.ConnectorsPath = v.Text()),
        new("--max-queue-depth", "N", "Journaled entries waiting to be learned before ingestion answers 429", (o, v) => o.MaxQueueDepth = v.Int()),
        new("--max-batch-events", "N", "Most events in one ingestion request", (o, v) => o.MaxBatchEvents = v.Int()),
        new("--max-event-ahead-minutes", "N", "How far ahead of the clock an event may be stamped", (o, v) => o.MaxEventAheadMinutes = v.Int()),
        new("--max-event-behind-days", "N", "How far behind the newest accepted event an event may be stamped", (o, v) => o.MaxEventBehindDays = v.Int()),
        new("--checkpoint-every", "N", "Applied journal entries between engine checkpoints", (o, v) => o.CheckpointEveryEntries = v.Int()),
        new("--rate-limit", "N", "Requests per second per caller before 429", (o, v) => o.RateLimitPerSecond = v.Int()),
        new("--memory-limit-mb", "N", "Managed heap above which ingestion answers 429 (default 85% of what the GC may use)", (o, v) => o.MemoryLimitMegabytes = v.Int()),
        new("--shutdown-timeout-seconds", "N", "How long a graceful stop may take (default 120)", (o, v) => o.ShutdownTimeoutSeconds = v.Int()),
        new("--max-tenants", "N", "Most tenants the engine holds (default 1,000)", (o, v) => o.Engine = o.Engine with { MaxTenants = v.Int() }),
        new("--tenant", "NAME", "A tenant configuration declares (repeatable): any source may create it", (o, v) =>
            o.Engine = o.Engine with { Tenants = new HashSet<string>(o.Engine.Tenants, StringComparer.Ordinal) { v.Text() } }),
        new("--max-identities-per-tenant", "N", "Identities a tenant keeps in memory; the idle rest are evicted to storage (default no cap)", (o, v) =>
            o.Engine = o.Engine with { MaxIdentitiesPerTenant = v.Int() }),
        new("--max-peer-groups-per-tenant", "N", "Most peer groups a tenant holds (default 1,000)", (o, v) => o.Engine = o.Engine with { MaxPeerGroupsPerTenant = v.Int() }),
        new("--alert-level", "low|medium|high|critical|N", "Lowest risk score that becomes an alert: a level or a score 1..100 (default medium, 40)", static (o, v) => AlertLevel(o, v)),
        new("--alert-retention-days", "N", "Days a stored alert is kept (default 90)", (o, v) => o.AlertRetentionDays = v.Int()),
        new("--max-alerts", "N", "Most alerts kept; the oldest beyond are deleted (default 1,000,000)", (o, v) => o.MaxAlerts = v.Int()),
    ];

    private static readonly Dictionary<string, ServerSetting> ByName = Settings.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every setting with its value and summary, one per line, for <c>vigil serve --help</c>.</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        int width = Settings.Max(s => s.Name.Length + (s.Value is null ? 0 : s.Value.Length + 1)) + 2;
        foreach (var s in Settings)
        {
            string left = s.Value is null ? s.Name : s.Name + " " + s.Value;
            text.Append("  ").Append(left.PadRight(width)).AppendLine(s.Summary);
        }

        return text.ToString();
    }

    /// <summary>The settings in <paramref name="args"/>; <paramref name="errors"/> names each unknown or malformed one.</summary>
    public static ServerOptions Parse(IReadOnlyList<string> args, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ServerOptions();
        var problems = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            if (!ByName.TryGetValue(arg, out var setting))
            {
                problems.Add($"Unknown setting '{arg}'. Known: {string.Join(", ", Settings.Select(s => s.Name))}.");
                continue;
            }

            setting.Apply(options, new SettingValue(arg, () => inline ?? (i + 1 < args.Count ? args[++i] : null), problems));
        }

        errors = problems;
        return options;
    }

    private static void Mode(ServerOptions options, SettingValue value)
    {
        string mode = value.Text();
        if (string.Equals(mode, "monitor", StringComparison.OrdinalIgnoreCase))
        {
            options.Mode = RolloutMode.Monitor;
        }
        else if (string.Equals(mode, "enforce", StringComparison.OrdinalIgnoreCase))
        {
            options.Mode = RolloutMode.Enforce;
        }
        else
        {
            value.Problem($"--mode '{mode}' is not monitor or enforce.");
        }
    }

    private static void AlertLevel(ServerOptions options, SettingValue value)
    {
        string level = value.Text();
        int? score = level.ToUpperInvariant() switch
        {
            "LOW" => 20,
            "MEDIUM" => 40,
            "HIGH" => 65,
            "CRITICAL" => 85,
            _ => int.TryParse(level, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null,
        };
        if (score is { } s)
        {
            options.AlertMinScore = s; // the range is checked with the other settings (ServerOptions.Validate)
        }
        else
        {
            value.Problem($"--alert-level '{level}' is not low, medium, high, critical or a score 1..100.");
        }
    }

    private static void Audit(ServerOptions options, SettingValue value)
    {
        string audit = value.Text();
        if (Enum.TryParse<AuditDurability>(audit, ignoreCase: true, out var durability) && !int.TryParse(audit, out _))
        {
            options.Audit = durability;
        }
        else
        {
            value.Problem($"--audit '{audit}' is not staged or fsynced.");
        }
    }
}
