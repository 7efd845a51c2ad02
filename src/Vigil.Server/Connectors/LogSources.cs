namespace Vigil.Server.Connectors;

/// <summary>Builds the source a connector's settings name.</summary>
internal static class LogSources
{
    public static ILogSource Create(ConnectorSettings settings, TimeProvider time) => settings.Type switch
    {
        ConnectorType.Okta => new OktaLogSource(settings, time),
        ConnectorType.Entra or ConnectorType.EntraAudit => new GraphLogSource(settings, time),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Type, "not a pull connector"),
    };
}
