namespace Vigil.Server.SharedSignals;

/// <summary>Registers the Shared Signals transmitter and receiver (docs/ssf.md): their databases, keys, signal, workers, event sources and the engine's external risk.</summary>
internal static class SharedSignalsExtensions
{
    public static IServiceCollection AddSharedSignals(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new SsfSettings());
        // The receiver's external signals are in every engine the host makes (restored ones too), so set before it makes one.
        var external = new ExternalSignals();
        services.AddSingleton(external);
        options.Engine = options.Engine with { ExternalRisk = external };
        services.AddSingleton(sp => SsfReceiverStore.Open(options.DataDirectory));
        services.AddSingleton(_ => new SsfReceiverHttp());
        services.AddSingleton<SsfReceiver>();
        services.AddHostedService<SsfPoller>();
        services.AddSingleton(_ => SsfDatabase.Open(options.DataDirectory));
        services.AddSingleton<SsfKeyRing>();
        services.AddSingleton<SsfSignal>();
        services.AddSingleton<SsfTransmitter>();
        services.AddSingleton<SsfSignals>();
        services.AddHostedService<SsfPushWorker>();
        services.AddHostedService<SsfEngineWatcher>();
        return services;
    }
}
