using System.Text;
using Vigil.Core.Enrichment;
using Vigil.Server.Hosting;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Startup;

/// <summary>
/// The first hosted service <c>AddVigil</c> registers, so it runs before the engine, the audit writer and anything that
/// listens: stores the <c>--policy</c> and <c>--data</c> files when they changed, activates the current policy version,
/// and creates and prints the first admin key. Its constructor takes the enricher so that an unreadable GeoIP or IP-list
/// file stops start-up naming its setting before any other part starts.
/// </summary>
internal sealed class VigilStartup(
    IEventEnricher enricher, // first: the container builds the parameters in order, and nothing else should be opened before it
    ServerOptions options,
    VigilStore store,
    PolicyHolder holder,
    ApiKeyService keys,
    ILogger<VigilStore> logger) : IHostedService
{
    private bool _done;

    /// <summary>Runs once: <c>vigil serve</c> calls it ahead of the host, so that a bad file is reported in one line rather than as the host's start-up failure.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return Task.CompletedTask;
        }

        _done = true;
        GC.KeepAlive(enricher);
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
            string key = keys.Create("admin", [Scopes.Admin]);
            var console = options.Console ?? Console.Out;
            console.WriteLine("Vigil admin API key (shown once; store it now, send it as the X-API-Key header):");
            console.WriteLine(key);
            console.Flush();
            Log.AdminKeyGenerated(logger, key.Substring(ApiKeyService.Prefix.Length, 12));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void StopIfInvalid(string setting, string path, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidSettingException($"{setting} '{path}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        }
    }
}
