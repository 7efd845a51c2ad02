using System.Text;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Server.Alerts;
using Vigil.Server.AnalystConsole;
using Vigil.Server.Audit;
using Vigil.Server.Authzen;
using Vigil.Server.Connectors;
using Vigil.Server.Feedback;
using Vigil.Server.Gateway;
using Vigil.Server.Hosting;
using Vigil.Server.Identities;
using Vigil.Server.Ingestion;
using Vigil.Server.Operations;
using Vigil.Server.Policies;
using Vigil.Server.Risk;
using Vigil.Server.Security;
using Vigil.Server.SharedSignals;
using Vigil.Storage;

namespace Vigil.Server;

/// <summary>
/// The decision service: an OpenID AuthZEN PDP, telemetry ingestion, feedback and administration over one SQLite
/// file. <c>vigil serve</c> calls <see cref="RunAsync"/>; docs/server.md describes the API and the settings.
/// </summary>
public static class VigilServer
{
    /// <summary>
    /// Validates <paramref name="options"/> (printing every problem to standard error and returning 2 when any),
    /// then serves until <paramref name="cancellationToken"/> is cancelled or the process is asked to stop. Returns 0.
    /// </summary>
    public static async Task<int> RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            }

            return 2;
        }

        WebApplication app;
        try
        {
            app = Build(options);
        }
        catch (Exception ex) when (ex is InvalidSettingException or EnrichmentSourceException)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Builds the application (options must be valid). <paramref name="configure"/> lets tests swap the server.</summary>
    internal static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        // Opened first: a database that cannot be read stops start-up with the option named, before anything listens.
        var enricher = options.Enrichment.Open(out var geo);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxIngestBytes, options.MaxEvaluationBytes);
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // With this category enabled at any level, hosting starts an Activity and a logging scope for every request
        // (about 5% of the allocations and 0.3 µs per decision, docs/benchmarks-server.md) whether or not anything
        // reads them. It only logs request starts and ends and start-up problems, which surface as exceptions anyway;
        // with tracing configured (--otlp-endpoint) the ActivitySource listener still gets its activity.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<IEventEnricher>(enricher);
        services.AddSingleton(_ => VigilStore.Open(options.DataDirectory, options.Time));
        services.AddSingleton<VigilMetrics>();
        services.AddSingleton<PolicyHolder>();
        services.AddSingleton<DecisionIds>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<EngineHost>();
        services.AddSingleton<MemoryPressure>();
        // The default 30 s (2 s in some hosts) is too short to write the shutdown checkpoint of a large state: cut
        // off, the next start replays the whole journal since the last checkpoint (issue 11, defect 11).
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        services.AddSingleton(new TimestampWindow(options.MaxEventAheadMinutes * 60_000L, options.MaxEventBehindDays * 86_400_000L, options.Time));
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        services.AddSingleton<AlertWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertWriter>()); // after EngineHost: it watches the writer once recovery is over
        services.AddHostedService<WalCheckpointer>();
        services.AddHostedService<AuditAnchorWriter>();
        services.AddConnectors(options); // after EngineHost: hosted services start in order, and stop in reverse
        if (options.UpstreamPdp.Url is not null)
        {
            services.AddSingleton(sp => new Composition.UpstreamPdpClient(options.UpstreamPdp, options.Time, sp.GetRequiredService<ILogger<Composition.UpstreamPdpClient>>()));
        }

        services.AddSingleton<EvaluationService>();
        if (options.ForwardAuthAudience is not null)
        {
            services.AddSingleton(new Gateway.UserTokenValidator(options.ForwardAuthAuthority ?? options.JwtAuthority!, options.ForwardAuthAudience, options.JwtAllowHttp, options.JwtClockSkewSeconds, options.JwtKeyRefreshSeconds));
        }

        services.AddSingleton(new Gateway.ClientAddress([.. options.TrustedProxies.Select(p => Gateway.ClientAddress.TryParseNetwork(p, out var n) ? n : default)]));
        services.AddSingleton<PdpMetadata>();
        services.AddProblemDetails();
        services.AddExceptionHandler<EngineUnavailableHandler>();
        services.AddOpenApi();
        services.AddVigilSecurity(options);
        services.AddSharedSignals(options);
        var telemetry = services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(VigilMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        if (options.OtlpEndpoint is not null)
        {
            telemetry.WithTracing(t => t
                .AddSource(VigilTracing.SourceName)
                // Identity views carry a subject in their path: not traced, so no personal data leaves in span names.
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)
                    && !c.Request.Path.StartsWithSegments("/v1/identities", StringComparison.Ordinal))
                .AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint)));
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        if (geo is not null)
        {
            app.Lifetime.ApplicationStopped.Register(geo.Dispose);
        }

        Bootstrap(app, options);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(static (context, next) =>
        {
            // X-Request-ID is echoed so enforcement points can correlate (AuthZEN 1.0, "Request Identification").
            if (context.Request.Headers.TryGetValue("X-Request-ID", out var id))
            {
                context.Response.Headers["X-Request-ID"] = id;
            }

            return next(context);
        });
        app.UseCallerAuthentication(); // in place of UseAuthentication (CallerAuthentication says why)
        app.UseRateLimiter();
        app.UseScopeAuthorization(); // in place of UseAuthorization (ScopeAuthorization says why)

        app.MapAuthzen();
        app.MapAuthzenSearch();
        app.MapIngestion();
        app.MapFeedback();
        app.MapAlerts();
        app.MapIdentities();
        app.MapRisk();
        app.MapForwardAuth();
        app.MapPolicies();
        app.MapAdmin();
        app.MapAudit();
        app.MapHealth();
        app.MapEngineStatus();
        app.MapSharedSignals();
        app.MapSharedSignalsReceiver();
        app.MapConnectors();
        app.MapConsole();
        app.MapOpenApi().AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Stores the <c>--policy</c> document when it changed, activates the current version, and creates the first admin key.</summary>
    private static void Bootstrap(WebApplication app, ServerOptions options)
    {
        var store = app.Services.GetRequiredService<VigilStore>();
        var holder = app.Services.GetRequiredService<PolicyHolder>();
        var logger = app.Services.GetRequiredService<ILogger<VigilStore>>();
        if (options.PolicyPath is not null)
        {
            string text = File.ReadAllText(options.PolicyPath, Encoding.UTF8);
            // Checked with the data it will run with: the --data file when given (checked on its own first, so that its
            // own mistakes are reported against it), else the stored data it inherits.
            string? data = options.DataPath is { } dataPath ? File.ReadAllText(dataPath, Encoding.UTF8) : store.GetPolicy()?.Data;
            if (options.DataPath is not null)
            {
                StopIfInvalid("--data", options.DataPath, PolicyHolder.ValidateData(data!));
            }

            StopIfInvalid("--policy", options.PolicyPath, holder.Validate(text, data));

            if (store.GetPolicy()?.Document != text)
            {
                store.SavePolicy(text, "--policy", Path.GetFileName(options.PolicyPath));
            }
        }

        holder.Activate(store.GetPolicy()); // may store one more version: the --data file with the rules in force
        if (holder.Version > 0)
        {
            Log.PolicyActivated(logger, holder.Version);
        }

        if (!options.DisableAuthentication && options.JwtAuthority is null && store.ApiKeyCount() == 0)
        {
            string key = app.Services.GetRequiredService<ApiKeyService>().Create("admin", [Scopes.Admin]);
            var console = options.Console ?? Console.Out;
            console.WriteLine("Vigil admin API key (shown once; store it now, send it as the X-API-Key header):");
            console.WriteLine(key);
            console.Flush();
            Log.AdminKeyGenerated(logger, key.Substring(ApiKeyService.Prefix.Length, 12));
        }
    }

    private static void StopIfInvalid(string setting, string path, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidSettingException($"{setting} '{path}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        }
    }
}
