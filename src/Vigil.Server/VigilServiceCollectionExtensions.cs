using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Server.Alerts;
using Vigil.Server.Audit;
using Vigil.Server.Authzen;
using Vigil.Server.Connectors;
using Vigil.Server.Hosting;
using Vigil.Server.Ingestion;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Server.SharedSignals;
using Vigil.Server.Startup;
using Vigil.Storage;

namespace Vigil.Server;

/// <summary>Hosts Vigil inside an ASP.NET Core application: <c>services.AddVigil(o => ...)</c>, then <c>app.MapVigil()</c>.</summary>
public static class VigilServiceCollectionExtensions
{
    /// <summary>
    /// Registers the decision service: the engine, storage, audit, policies, security, shared signals and connectors.
    /// <paramref name="configure"/> sets <see cref="ServerOptions"/>; they are validated when the host starts, which then
    /// fails naming every bad setting. The settings that choose which parts exist and how callers are let in (bearer-token
    /// authentication, rate limits, an upstream PDP, forward-auth tokens, connectors, tracing) are read from <paramref name="configure"/> when this is
    /// called; the others (storage, enrichment, the clock, limits) when the service is built, so the returned builder can
    /// still set them.
    /// </summary>
    public static VigilBuilder AddVigil(this IServiceCollection services, Action<ServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ServerOptions();
        configure(options);
        return services.AddVigil(options);
    }

    /// <summary><c>vigil serve</c>'s way in: the settings already parsed from its command line.</summary>
    internal static VigilBuilder AddVigil(this IServiceCollection services, ServerOptions chosen)
    {
        services.AddOptions<ServerOptions>()
            .PostConfigure<IServiceProvider>(static (o, sp) =>
            {
                // The application's clock when it registered one and the settings did not name another.
#pragma warning disable RS0030 // compared, not read: is the default of ServerOptions.Time still in place?
                if (ReferenceEquals(o.Time, TimeProvider.System) && sp.GetService<TimeProvider>() is { } time)
#pragma warning restore RS0030
                {
                    o.Time = time;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IOptionsFactory<ServerOptions>>(sp => new ServerOptionsFactory(chosen,
            sp.GetServices<IConfigureOptions<ServerOptions>>(), sp.GetServices<IPostConfigureOptions<ServerOptions>>(), sp.GetServices<IValidateOptions<ServerOptions>>()));
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidation>();
        services.AddSingleton(static sp => sp.GetRequiredService<IOptions<ServerOptions>>().Value);
        services.AddSingleton(new ChosenSettings(chosen));

        // First, so that it runs before every other part starts (VigilStartup says why).
        services.AddSingleton<VigilStartup>();
        services.AddHostedService(static sp => sp.GetRequiredService<VigilStartup>());
        services.AddSingleton<OpenedEnrichment>();
        services.AddSingleton(static sp => sp.GetRequiredService<OpenedEnrichment>().Enricher);
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<ServerOptions>();
            return VigilStore.Open(options.DataDirectory, options.Time);
        });
        services.AddSingleton<VigilMetrics>();
        services.AddSingleton<PolicyHolder>();
        services.AddSingleton<DecisionIds>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<EngineHost>();
        services.AddSingleton<MemoryPressure>();
        // The default 30 s (2 s in some hosts) is too short to write the shutdown checkpoint of a large state: cut
        // off, the next start replays the whole journal since the last checkpoint (issue 11, defect 11). Only ever
        // lengthened: the application may want longer for its own parts.
        // Read from the settings themselves, not through IOptions: the host reads its options while it is built,
        // before the settings are validated at start.
        services.PostConfigure<HostOptions>(h =>
        {
            var wanted = TimeSpan.FromSeconds(chosen.ShutdownTimeoutSeconds);
            h.ShutdownTimeout = wanted > h.ShutdownTimeout ? wanted : h.ShutdownTimeout;
        });
        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<ServerOptions>();
            return new TimestampWindow(options.MaxEventAheadMinutes * 60_000L, options.MaxEventBehindDays * 86_400_000L, options.Time);
        });
        services.AddHostedService(static sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(static sp => sp.GetRequiredService<EngineHost>());
        services.AddSingleton<AlertWriter>();
        services.AddHostedService(static sp => sp.GetRequiredService<AlertWriter>()); // after EngineHost: it watches the writer once recovery is over
        services.AddHostedService<WalCheckpointer>();
        services.AddHostedService<AuditAnchorWriter>();
        services.AddConnectors(chosen); // after EngineHost: hosted services start in order, and stop in reverse
        if (chosen.UpstreamPdp.Url is not null)
        {
            services.AddSingleton(static sp =>
            {
                var options = sp.GetRequiredService<ServerOptions>();
                return new Composition.UpstreamPdpClient(options.UpstreamPdp, options.Time, sp.GetRequiredService<ILogger<Composition.UpstreamPdpClient>>());
            });
        }

        services.AddSingleton<EvaluationService>();
        if (chosen.ForwardAuthAudience is not null)
        {
            services.AddSingleton(static sp =>
            {
                var o = sp.GetRequiredService<ServerOptions>();
                return new Gateway.UserTokenValidator(o.ForwardAuthAuthority ?? o.JwtAuthority!, o.ForwardAuthAudience!, o.JwtAllowHttp, o.JwtClockSkewSeconds, o.JwtKeyRefreshSeconds);
            });
        }

        services.AddSingleton(static sp => new Gateway.ClientAddress([.. sp.GetRequiredService<ServerOptions>().TrustedProxies
            .Select(p => Gateway.ClientAddress.TryParseNetwork(p, out var n) ? n : default)]));
        services.AddSingleton<PdpMetadata>();
        services.AddProblemDetails();
        services.AddExceptionHandler<EngineUnavailableHandler>();
        services.AddOpenApi();
        services.AddVigilSecurity(chosen);
        services.AddSharedSignals(chosen);
        var telemetry = services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(VigilMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        if (chosen.OtlpEndpoint is { } otlp)
        {
            telemetry.WithTracing(t => t
                .AddSource(VigilTracing.SourceName)
                // Identity views carry a subject in their path: not traced, so no personal data leaves in span names.
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)
                    && !c.Request.Path.StartsWithSegments("/v1/identities", StringComparison.Ordinal))
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        return new VigilBuilder(services);
    }
}
