namespace Vigil.Server.SharedSignals;

/// <summary>Registers the Shared Signals transmitter (docs/ssf.md): its database, keys, signal, worker and event sources.</summary>
internal static class SharedSignalsExtensions
{
    public static IServiceCollection AddSharedSignals(this IServiceCollection services)
    {
        services.AddSingleton(new SsfSettings());
        services.AddSingleton(static sp => SsfDatabase.Open(sp.GetRequiredService<ServerOptions>().DataDirectory));
        services.AddSingleton<SsfKeyRing>();
        services.AddSingleton<SsfSignal>();
        services.AddSingleton<SsfTransmitter>();
        services.AddSingleton<SsfSignals>();
        services.AddHostedService<SsfPushWorker>();
        services.AddHostedService<SsfEngineWatcher>();
        return services;
    }
}
