using System.Globalization;
using Vigil.Core.Decisions;

namespace Vigil.Server;

/// <summary>Reads the service's command-line settings (the same names <c>vigil serve</c> takes).</summary>
public static class ServerArguments
{
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

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                problems.Add($"{arg} needs a value.");
                return "";
            }

            int Int()
            {
                string text = Value();
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                {
                    problems.Add($"{arg} '{text}' is not a whole number.");
                }

                return n;
            }

            switch (arg)
            {
                case "--urls": options.Urls = Value(); break;
                case "--data-dir": options.DataDirectory = Value(); break;
                case "--public-base-url": options.PublicBaseUrl = Value(); break;
                case "--policy": options.PolicyPath = Value(); break;
                case "--data": options.DataPath = Value(); break;
                case "--mode":
                    string mode = Value();
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
                        problems.Add($"--mode '{mode}' is not monitor or enforce.");
                    }

                    break;
                case "--bare-decisions": options.BareDecisions = true; break;
                case "--jwt-authority": options.JwtAuthority = Value(); break;
                case "--jwt-audience": options.JwtAudience = Value(); break;
                case "--jwt-allow-http": options.JwtAllowHttp = true; break;
                case "--no-auth": options.DisableAuthentication = true; break;
                case "--otlp-endpoint": options.OtlpEndpoint = Value(); break;
                case "--connectors": options.ConnectorsPath = Value(); break;
                case "--geoip-city": options.Enrichment.GeoIpCity = Value(); break;
                case "--geoip-asn": options.Enrichment.GeoIpAsn = Value(); break;
                case "--ip-list": options.Enrichment.IpLists.Add(Value()); break;
                case "--audit-fsync-ms": options.AuditFsyncIntervalMs = Int(); break;
                case "--journal-fsync": options.JournalFsync = true; break;
                case "--audit-anchor-minutes": options.AuditAnchorMinutes = Int(); break;
                case "--audit-anchor-file": options.AuditAnchorFile = Value(); break;
                case "--audit-anchor-url": options.AuditAnchorUrl = Value(); break;
                case "--audit":
                    string audit = Value();
                    if (Enum.TryParse<AuditDurability>(audit, ignoreCase: true, out var durability) && !int.TryParse(audit, out _))
                    {
                        options.Audit = durability;
                    }
                    else
                    {
                        problems.Add($"--audit '{audit}' is not staged or fsynced.");
                    }

                    break;
                case "--max-queue-depth": options.MaxQueueDepth = Int(); break;
                case "--max-batch-events": options.MaxBatchEvents = Int(); break;
                case "--max-event-ahead-minutes": options.MaxEventAheadMinutes = Int(); break;
                case "--max-event-behind-days": options.MaxEventBehindDays = Int(); break;
                case "--checkpoint-every": options.CheckpointEveryEntries = Int(); break;
                case "--rate-limit": options.RateLimitPerSecond = Int(); break;
                case "--memory-limit-mb": options.MemoryLimitMegabytes = Int(); break;
                case "--shutdown-timeout-seconds": options.ShutdownTimeoutSeconds = Int(); break;
                case "--max-tenants": options.Engine = options.Engine with { MaxTenants = Int() }; break;
                case "--tenant": options.Engine = options.Engine with { Tenants = new HashSet<string>(options.Engine.Tenants, StringComparer.Ordinal) { Value() } }; break;
                case "--max-identities-per-tenant": options.Engine = options.Engine with { MaxIdentitiesPerTenant = Int() }; break;
                case "--max-peer-groups-per-tenant": options.Engine = options.Engine with { MaxPeerGroupsPerTenant = Int() }; break;
                default: problems.Add($"Unknown setting '{arg}'. Known: --urls, --public-base-url, --data-dir, --policy, --data, --mode, --bare-decisions, --jwt-authority, --jwt-audience, --jwt-allow-http, --no-auth, --geoip-city, --geoip-asn, --ip-list, --audit, --audit-fsync-ms, --journal-fsync, --audit-anchor-minutes, --audit-anchor-file, --audit-anchor-url, --otlp-endpoint, --connectors, --max-queue-depth, --max-batch-events, --max-event-ahead-minutes, --max-event-behind-days, --checkpoint-every, --rate-limit, --memory-limit-mb, --shutdown-timeout-seconds, --max-tenants, --tenant, --max-identities-per-tenant, --max-peer-groups-per-tenant."); break;
            }
        }

        errors = problems;
        return options;
    }
}
