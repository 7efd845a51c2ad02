using Microsoft.Extensions.Options;
using Vigil.Core.Enrichment;

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
        catch (InvalidSettingException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                // Validated, opened and bootstrapped here first, so a bad setting or file is one line on standard
                // error, not the host's logged start-up failure; the host's own start then finds it done.
                await app.Services.GetRequiredService<Startup.VigilStartup>().StartAsync(cancellationToken).ConfigureAwait(false);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidSettingException or EnrichmentSourceException or OptionsValidationException or Vigil.Storage.StorageVersionException)
            {
                // Raised before anything listens: the settings were checked and the start-up files opened first.
                string message = ex is OptionsValidationException invalid ? string.Join(Environment.NewLine, invalid.Failures) : ex.Message;
                await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
                return 2;
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// The service as <c>vigil serve</c> runs it: a slim Kestrel host on <see cref="ServerOptions.Urls"/> with Vigil
    /// added (<see cref="VigilServiceCollectionExtensions.AddVigil(IServiceCollection, Action{ServerOptions})"/>) and mapped (<see cref="VigilApplicationExtensions.MapVigil"/>).
    /// <paramref name="configure"/> lets tests swap the server.
    /// </summary>
    internal static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Each route also sets its own limit per request (HttpJson), so Vigil hosted elsewhere is bounded too.
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

        builder.Services.AddVigil(options);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapVigil();
        return app;
    }
}
