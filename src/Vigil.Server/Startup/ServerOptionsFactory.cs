using Microsoft.Extensions.Options;

namespace Vigil.Server.Startup;

/// <summary>
/// Builds <c>IOptions&lt;ServerOptions&gt;</c> on the one instance <c>AddVigil</c> was given, instead of a new one:
/// the settings that chose the registered parts and the settings the parts run with are then the same object, and the
/// builder's later calls (<c>UseSqlite</c>, <c>AddGeoIp</c> ...) and the validation still run on it as on any options.
/// </summary>
internal sealed class ServerOptionsFactory(
    ServerOptions instance,
    IEnumerable<IConfigureOptions<ServerOptions>> setups,
    IEnumerable<IPostConfigureOptions<ServerOptions>> postConfigures,
    IEnumerable<IValidateOptions<ServerOptions>> validations)
    : OptionsFactory<ServerOptions>(setups, postConfigures, validations)
{
    protected override ServerOptions CreateInstance(string name) => instance;
}
