using System.Diagnostics.Metrics;
using System.Text.Json;
using Vigil.Server.Connectors.Hooks;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.Connectors;

/// <summary>
/// Registers the <c>--connectors</c> file's connectors as a hosted service, and <c>GET /v1/connectors</c> (admin):
/// each connector's last success, last error, lag and counts. Settings and credentials are not shown.
/// </summary>
internal static class ConnectorEndpoints
{
    /// <summary>Reads the file (a bad one stops the start with every problem named) and registers the connectors.</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, ServerOptions options)
    {
        IReadOnlyList<ConnectorSettings> settings = [];
        if (options.ConnectorsPath is { } path)
        {
            var errors = new List<string>();
            settings = ConnectorConfig.Load(path, Environment.GetEnvironmentVariable, errors);
            if (errors.Count > 0)
            {
                throw new InvalidSettingException($"--connectors '{path}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
            }
        }

        var health = settings.Select(s => new ConnectorHealth(s)).ToArray();
        services.AddSingleton<IReadOnlyList<ConnectorHealth>>(health);
        services.AddSingleton<ConnectorIngestor>();
        services.AddSingleton<SiemExporter>();
        services.AddSingleton<RiskChangeLog>();
        services.AddHostedService(static sp => sp.GetRequiredService<RiskChangeLog>()); // stores crossings only when an export sends them
        services.AddSingleton<ConnectorHost>();
        if (health.Length > 0)
        {
            services.AddHostedService(sp =>
            {
                ConnectorMetrics.Observe(sp.GetRequiredService<IMeterFactory>(), health, sp.GetRequiredService<ServerOptions>().Time);
                return sp.GetRequiredService<ConnectorHost>();
            });
        }

        return services;
    }

    public static IEndpointRouteBuilder MapConnectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/connectors", (HttpContext context, IReadOnlyList<ConnectorHealth> connectors, ServerOptions options) =>
            HttpJson.WriteAsync(context, StatusCodes.Status200OK, (connectors, options.Time.GetUtcNow()), static (w, s) => Write(w, s.connectors, s.Item2)))
            .RequireScope(Scopes.Admin).WithTags("Operations").WithSummary("Pull connectors' health: last success, last error, lag, counts");
        app.MapHooks();
        return app;
    }

    private static void Write(Utf8JsonWriter w, IReadOnlyList<ConnectorHealth> connectors, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteStartArray("connectors");
        foreach (var connector in connectors)
        {
            var s = connector.Read(now);
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("type", s.Type switch { ConnectorType.Okta => "okta", ConnectorType.Entra => "entra", ConnectorType.EntraAudit => "entra-audit", ConnectorType.SplunkHec => "splunk-hec", ConnectorType.OktaHook => "okta-hook", ConnectorType.Auth0Stream => "auth0-stream", ConnectorType.Syslog => "syslog", ConnectorType.NdjsonFile => "ndjson-file", ConnectorType.Elasticsearch => "elasticsearch", ConnectorType.OtlpLogs => "otlp-logs", ConnectorType.SyslogExport => "syslog-export", _ => "ndjson-http" });
            Time(w, "last_success", s.LastSuccess);
            Time(w, "last_error_at", s.LastErrorAt);
            w.WriteString("last_error", s.LastError);
            if (s.LagSeconds is { } lag)
            {
                w.WriteNumber("lag_seconds", Math.Round(lag, 3));
            }
            else
            {
                w.WriteNull("lag_seconds");
            }

            w.WriteNumber("events_read", s.EventsRead);
            w.WriteNumber("accepted", s.Accepted);
            w.WriteNumber("duplicates", s.Duplicates);
            w.WriteNumber("rejected", s.Rejected);
            w.WriteNumber("requests", s.Requests);
            w.WriteNumber("failures", s.Failures);
            w.WriteNumber("rate_limited", s.RateLimited);
            Time(w, "waiting_until", s.WaitingUntil);
            if (connector.ListeningOn is { } listening)
            {
                w.WriteString("listening_on", listening);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.UtcDateTime);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
