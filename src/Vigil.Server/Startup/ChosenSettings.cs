namespace Vigil.Server.Startup;

/// <summary>
/// The settings <c>AddVigil</c> was given, before validation: for the parts that are wired while the application is
/// built (routes), which must not trigger validation then (it runs at start, where its failure is reported). The same
/// object the validated <c>IOptions&lt;ServerOptions&gt;</c> later returns.
/// </summary>
internal sealed class ChosenSettings(ServerOptions value)
{
    public ServerOptions Value { get; } = value;
}
