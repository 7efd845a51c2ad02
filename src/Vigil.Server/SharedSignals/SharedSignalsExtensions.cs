namespace Vigil.Server.SharedSignals;

/// <summary>Registers the Shared Signals transmitter and receiver (docs/ssf.md): their databases, keys, signal, workers, event sources and the engine's external risk.</summary>
internal static class SharedSignalsExtensions
{
    public static IServiceCollection AddSharedSignals(this IServiceCollection services, ServerOptions chosen)
    {
        services.AddSingleton(new SsfSettings { AllowedPushNetworks = chosen.SsfAllowPushNetworks.Select(static n => Gateway.ClientAddress.TryParseNetwork(n, out var network) ? network : throw new ArgumentException($"--ssf-allow-push-network '{n}' is not an address or a CIDR range")).ToArray() });
        // The receiver's external signals are in every engine the host makes (restored ones too), so set on the
        // settings before the engine host is built; `chosen` is the instance the service runs with.
        var external = new ExternalSignals();
        services.AddSingleton(external);
        chosen.Engine = chosen.Engine with { ExternalRisk = external };
        services.AddSingleton(static sp => SsfReceiverStore.Open(sp.GetRequiredService<ServerOptions>().DataDirectory));
        services.AddSingleton(static sp => new SsfReceiverHttp(settings: sp.GetRequiredService<SsfSettings>()));
        services.AddSingleton<SsfReceiver>();
        services.AddHostedService<SsfPoller>();
        services.AddSingleton(static sp => SsfDatabase.Open(sp.GetRequiredService<ServerOptions>().DataDirectory));
        services.AddSingleton<SsfKeyRing>();
        services.AddSingleton<SsfSignal>();
        services.AddSingleton<SsfTransmitter>();
        services.AddSingleton<SsfSignals>();
        services.AddHostedService<SsfPushWorker>();
        services.AddSingleton<RecentSessions>();
        services.AddSingleton<SsfEngineWatcher>(); // also called by the receiver and on feedback: continuous re-evaluation
        services.AddHostedService(static sp => sp.GetRequiredService<SsfEngineWatcher>());
        return services;
    }
}
